#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "report/format.hpp"

namespace calcsim::svg {
namespace {

constexpr double width = 470, height = 290;
constexpr double left = 72, right = 14, top = 34, bottom = 46;
// matplotlib's first colours, so the report's lines look like the notebooks'.
constexpr const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

// About five round-number ticks (1, 2 or 5 times a power of ten) over [low, high].
std::vector<double> ticks(double low, double high) {
  const double raw = (high - low) / 5.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  std::vector<double> out;
  for (double t = std::ceil(low / step - 1e-9) * step; t <= high + 1e-9 * step; t += step)
    out.push_back(std::abs(t) < 1e-12 * step ? 0.0 : t);
  return out;
}

std::string number(double v, double step) {
  return report::fixed(v, std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9))));
}

std::string fmt(double v) { return report::fixed(v, 1); }

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string line_chart(const Chart& chart) {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto& s : chart.series)
    for (std::size_t k = 0; k < s.x.size(); ++k) {
      x0 = std::min(x0, s.x[k]);
      x1 = std::max(x1, s.x[k]);
      y0 = std::min(y0, s.y[k]);
      y1 = std::max(y1, s.y[k]);
    }
  if (!(x1 > x0)) x1 = x0 + 1.0;
  if (y1 - y0 < chart.min_span) {
    const double middle = 0.5 * (y0 + y1);
    y0 = middle - 0.5 * chart.min_span;
    y1 = middle + 0.5 * chart.min_span;
  }
  const double pad = 0.05 * (y1 - y0);
  y0 -= pad;
  y1 += pad;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * plot_w; };
  auto py = [&](double y) { return top + (y1 - y) / (y1 - y0) * plot_h; };

  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << width << "\" height=\"" << height
     << "\" viewBox=\"0 0 " << width << ' ' << height << "\" role=\"img\" aria-label=\"" << escape(chart.title)
     << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  os << "<text x=\"" << width / 2 << "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">" << escape(chart.title)
     << "</text>\n";
  os << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << plot_w << "\" height=\"" << plot_h
     << "\" fill=\"none\" stroke=\"#444\"/>\n";
  const auto yt = ticks(y0, y1);
  for (double t : yt) {
    const double step = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
    os << "<line x1=\"" << left << "\" x2=\"" << fmt(left + plot_w) << "\" y1=\"" << fmt(py(t)) << "\" y2=\""
       << fmt(py(t)) << "\" stroke=\"#ddd\"/><text x=\"" << left - 5 << "\" y=\"" << fmt(py(t) + 4)
       << "\" text-anchor=\"end\">" << number(t, step) << "</text>\n";
  }
  const auto xt = ticks(x0, x1);
  for (double t : xt) {
    const double step = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
    os << "<line x1=\"" << fmt(px(t)) << "\" x2=\"" << fmt(px(t)) << "\" y1=\"" << top << "\" y2=\""
       << fmt(top + plot_h) << "\" stroke=\"#eee\"/><text x=\"" << fmt(px(t)) << "\" y=\"" << fmt(top + plot_h + 14)
       << "\" text-anchor=\"middle\">" << number(t, step) << "</text>\n";
  }
  os << "<text x=\"" << fmt(left + plot_w / 2) << "\" y=\"" << height - 8 << "\" text-anchor=\"middle\">"
     << escape(chart.x_label) << "</text>\n";
  os << "<text transform=\"translate(14," << fmt(top + plot_h / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
     << escape(chart.y_label) << "</text>\n";
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const auto& series = chart.series[s];
    const char* colour = colours[s % std::size(colours)];
    os << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.8\" points=\"";
    for (std::size_t k = 0; k < series.x.size(); ++k) os << fmt(px(series.x[k])) << ',' << fmt(py(series.y[k])) << ' ';
    os << "\"/>\n";
    const double ly = top + 12 + 14 * static_cast<double>(s);
    os << "<line x1=\"" << left + 8 << "\" x2=\"" << left + 26 << "\" y1=\"" << ly << "\" y2=\"" << ly
       << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/><text x=\"" << left + 30 << "\" y=\"" << ly + 4 << "\">"
       << escape(series.name) << "</text>\n";
  }
  os << "</svg>\n";
  return os.str();
}

}  // namespace calcsim::svg

# Thin aliases for the two README commands.
#   make run                      build and run the default with/without-K2 comparison
#   make run ARGS="--years 3"     extra arguments for `calcsim compare`
#   make test                     build with warnings as errors and run every test
.PHONY: run test

run:
	@bash scripts/run-default.sh $(ARGS)

test:
	@bash scripts/test.sh

#!/usr/bin/env bash
# Solver overhead on a 10,000-vertex DAG, cold and fully cached, against a plain loop doing the same op work.
. "$(dirname "$0")/lib.sh"
bench_classpath engine
bench_java dev.dagj.engine.solve.SolverBench "$@"

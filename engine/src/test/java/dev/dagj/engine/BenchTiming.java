package dev.dagj.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Timing helpers shared by the benchmarks under {@code bench/}. */
public final class BenchTiming {
    private BenchTiming() {
    }

    /** A timed piece of work. */
    public interface Action {
        void run() throws Exception;
    }

    /** How long {@code a} takes, in milliseconds. */
    public static double time(Action a) throws Exception {
        long t0 = System.nanoTime();
        a.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Fails the benchmark when a GraphQL response carries errors. */
    public static void check(JsonNode response) {
        if (response.has("errors")) {
            throw new IllegalStateException("request failed: " + response);
        }
    }
}

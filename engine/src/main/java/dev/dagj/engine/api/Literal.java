package dev.dagj.engine.api;

import java.util.List;

/** An argument value recorded in a {@link CallId}: the closed set of what the API's arguments can hold. */
public sealed interface Literal permits Literal.Str, Literal.Int, Literal.Bool, Literal.ListOf, Literal.Id {
    record Str(String value) implements Literal {
    }

    record Int(long value) implements Literal {
    }

    record Bool(boolean value) implements Literal {
    }

    record ListOf(List<Literal> values) implements Literal {
        public ListOf {
            values = List.copyOf(values);
        }
    }

    /** An object-typed argument, recorded as the argument's own ID. */
    record Id(CallId id) implements Literal {
    }
}

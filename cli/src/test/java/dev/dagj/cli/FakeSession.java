package dev.dagj.cli;

import dev.dagj.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A session that answers every request with a scripted response and remembers what it was asked. */
final class FakeSession implements Session {
    record Request(String query, Map<String, Object> variables, String operationName) {
    }

    final List<Request> requests = new ArrayList<>();
    private final Function<Request, Map<String, Object>> answer;
    boolean closed;

    FakeSession(Function<Request, Map<String, Object>> answer) {
        this.answer = answer;
    }

    @Override
    public int port() {
        return 4711;
    }

    @Override
    public String token() {
        return "tok\"en";
    }

    @Override
    public Map<String, Object> execute(String query, Map<String, Object> variables, String operationName) {
        Request r = new Request(query, variables, operationName);
        requests.add(r);
        return answer.apply(r);
    }

    @Override
    public void close() {
        closed = true;
    }
}

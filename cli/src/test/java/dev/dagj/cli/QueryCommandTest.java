package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.op.MkFileOp;
import dev.dagj.engine.op.ScratchOp;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger query} against a scripted session: argument handling, output format, errors, exit codes. */
class QueryCommandTest {
    @TempDir
    Path tmp;

    private final FakeSession session = new FakeSession(r -> Map.of("data", Map.of("version", "v0.19.11")));
    private final FakeLauncher launcher = new FakeLauncher(session);

    @Test
    void readsTheQueryFromStdinAndPrintsDataWithFourSpaceIndent() {
        CliRun run = CliRun.of(launcher, "{ version }", Map.of(), tmp, "query");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("{\n    \"version\": \"v0.19.11\"\n}\n");
        assertThat(run.err()).isEmpty();
        assertThat(session.requests).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("{ version }");
            assertThat(r.variables()).isEmpty();
            assertThat(r.operationName()).isNull();
        });
        assertThat(session.closed).isTrue();
    }

    @Test
    void readsTheQueryFromDocRelativeToTheWorkingDirectory() throws Exception {
        Files.writeString(tmp.resolve("q.graphql"), "query Q { version }");

        CliRun run = CliRun.of(launcher, "ignored", Map.of(), tmp, "query", "--doc", "q.graphql", "Q");

        assertThat(run.exit()).isZero();
        assertThat(session.requests).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("query Q { version }");
            assertThat(r.operationName()).isEqualTo("Q");
        });
    }

    @Test
    void passesVarAndVarJsonAsVariables() {
        CliRun run = CliRun.of(launcher, "query($a: String, $n: Int) { version }", Map.of(), tmp,
                "query", "--var", "a=x=y", "--var", "b=2", "--var-json", "{\"n\": 3, \"l\": [1]}");

        assertThat(run.exit()).isZero();
        assertThat(session.requests.getFirst().variables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "x=y", "b", "2", "n", 3, "l", List.of(1)));
    }

    @Test
    void graphqlErrorsGoToStderrAndExitOne() {
        FakeSession failing = new FakeSession(r -> Map.of("errors",
                List.of(Map.of("message", "Field 'nope' in type 'Query' is undefined"), Map.of("message", "second"))));

        CliRun run = CliRun.of(new FakeLauncher(failing), "{ nope }", Map.of(), tmp, "query");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("Error: Field 'nope' in type 'Query' is undefined\nError: second\n");
    }

    @Test
    void missingDocFileIsAOneLineError() {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "query", "--doc", "nope.graphql");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: query document " + tmp.resolve("nope.graphql") + " does not exist\n");
        assertThat(session.requests).isEmpty();
    }

    @Test
    void emptyStdinIsAnError() {
        CliRun run = CliRun.of(launcher, "  \n", Map.of(), tmp, "query");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: no query given");
    }

    @Test
    void badVarJsonIsAnError() {
        assertThat(CliRun.of(launcher, "{ version }", Map.of(), tmp, "query", "--var-json", "{oops").err())
                .startsWith("Error: --var-json is not valid JSON");
        assertThat(CliRun.of(launcher, "{ version }", Map.of(), tmp, "query", "--var-json", "[1]").err())
                .isEqualTo("Error: --var-json must be a JSON object, like {\"name\": \"value\"}\n");
    }

    @Test
    void verbosePrintsOneLinePerVertexToStderr() {
        Vertex scratch = Vertex.of(new ScratchOp());
        FakeLauncher reporting = new FakeLauncher(session, r -> {
            r.progress().vertex(scratch, Progress.Status.CACHED, 0);
            r.progress().vertex(Vertex.of(new MkFileOp(scratch, "a.txt", "hi", 0644)),
                    Progress.Status.DONE, 2_000_000);
        });

        CliRun run = CliRun.of(reporting, "{ version }", Map.of(), tmp, "query", "-v");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEqualTo("CACHED scratch\nDONE mkfile /a.txt (2ms)\n");
        assertThat(run.out()).startsWith("{");
    }

    @Test
    void quietAndDefaultPrintNoProgress() {
        FakeLauncher reporting = new FakeLauncher(session,
                r -> r.progress().vertex(Vertex.of(new ScratchOp()), Progress.Status.CACHED, 0));

        assertThat(CliRun.of(reporting, "{ version }", Map.of(), tmp, "query").err()).isEmpty();
        assertThat(CliRun.of(reporting, "{ version }", Map.of(), tmp, "-v", "-q", "query").err()).isEmpty();
        assertThat(CliRun.of(reporting, "{ version }", Map.of(), tmp, "--progress", "dots", "query").err())
                .isEqualTo(".\n");
    }
}

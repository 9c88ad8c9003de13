package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseTraceTest {
    @Test
    void marksGoToStderrOnlyWhenAsked() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);

        PhaseTrace off = PhaseTrace.from(Map.of(), ps);
        off.mark("nothing");
        PhaseTrace zero = PhaseTrace.from(Map.of(PhaseTrace.ENV, "0"), ps);
        zero.mark("nothing");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(off.on()).isFalse();

        PhaseTrace on = PhaseTrace.from(Map.of(PhaseTrace.ENV, "1"), ps);
        on.mark("engine opened");
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(on.on()).isTrue();
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("\\[trace] +\\d+ ms \\(\\+ +\\d+ ms\\) main");
        assertThat(lines[1]).matches("\\[trace] +\\d+ ms \\(\\+ +\\d+ ms\\) engine opened");
    }
}

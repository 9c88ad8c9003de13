package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdCodecTest {
    private static CallId sample() {
        CallId src = new CallId(null, "Directory", "directory", List.of());
        CallId a = new CallId(src, "Directory", "withNewFile",
                List.of(new CallId.Arg("path", new Literal.Str("ä/b")), new CallId.Arg("contents", new Literal.Str("")),
                        new CallId.Arg("permissions", new Literal.Int(-5))));
        return new CallId(a, "Directory", "withDirectory", List.of(
                new CallId.Arg("path", new Literal.Str("x")),
                new CallId.Arg("source", new Literal.Id(src)),
                new CallId.Arg("exclude", new Literal.ListOf(List.of(new Literal.Str("*.md"), new Literal.Str("y")))),
                new CallId.Arg("flag", new Literal.Bool(true)),
                new CallId.Arg("big", new Literal.Int(Long.MAX_VALUE))));
    }

    @Test
    void roundTrips() throws Exception {
        CallId id = sample();
        String text = IdCodec.encode(id);
        assertThat(IdCodec.decode(text)).isEqualTo(id);
        assertThat(IdCodec.encode(IdCodec.decode(text))).isEqualTo(text);
    }

    /** The text form is a contract: IDs saved by one build must load in the next. */
    @Test
    void goldenEncoding() {
        CallId id = new CallId(new CallId(null, "Directory", "directory", List.of()), "Directory", "withNewFile",
                List.of(new CallId.Arg("path", new Literal.Str("a")), new CallId.Arg("contents", new Literal.Str("b"))));
        assertThat(IdCodec.encode(id)).isEqualTo(GOLDEN);
    }

    static final String GOLDEN = "dagj1:AglEaXJlY3RvcnkJZGlyZWN0b3J5AAlEaXJlY3RvcnkLd2l0aE5ld0ZpbGUCBHBhdGgBAWEIY29udGVudHMBAWI";

    @Test
    void rejectsForeignAndDamagedText() {
        String good = IdCodec.encode(sample());
        for (String bad : List.of("", "abc", "dagj1:", "dagj1:!!", good.substring(0, good.length() - 3), good + "AA",
                "dagj1:AAAA", "dagj1:_____w")) {
            assertThatThrownBy(() -> IdCodec.decode(bad)).as(bad).isInstanceOf(ApiException.class)
                    .hasMessageContaining("invalid ID");
        }
    }

    @Test
    void messagesQuoteOnlyTheStartOfLongText() {
        String longText = "x".repeat(500);
        assertThatThrownBy(() -> IdCodec.decode(longText)).hasMessageNotContaining("x".repeat(30));
    }
}

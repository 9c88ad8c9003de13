package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlobPatternTest {
    @Test
    void starsAndClasses() throws Exception {
        assertThat(GlobPattern.compile("*.go").matches("a.go")).isTrue();
        assertThat(GlobPattern.compile("*.go").matches("d/a.go")).isFalse();
        assertThat(GlobPattern.compile("**/*.go").matches("a.go")).isTrue();
        assertThat(GlobPattern.compile("**/*.go").matches("d/e/a.go")).isTrue();
        assertThat(GlobPattern.compile("d/**").matches("d/e/f")).isTrue();
        assertThat(GlobPattern.compile("d/**").matches("d")).isFalse();
        assertThat(GlobPattern.compile("?.[ch]").matches("x.h")).isTrue();
        assertThat(GlobPattern.compile("[!a]").matches("a")).isFalse();
        assertThat(GlobPattern.compile("./x").matches("x")).isTrue();
        assertThat(GlobPattern.compile("a\\*").matches("a*")).isTrue();
    }

    @Test
    void badPatternIsNamed() {
        assertThatThrownBy(() -> GlobPattern.compile("[abc")).hasMessageContaining("[abc");
    }
}

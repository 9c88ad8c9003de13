package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathFilterTest {
    private static PathFilter filter(List<String> include, List<String> exclude) {
        return new PathFilter(include, exclude);
    }

    @Test
    void emptyListsKeepEverything() {
        assertThat(PathFilter.ALL.isAll()).isTrue();
        assertThat(PathFilter.ALL.keeps("a/b/c")).isTrue();
    }

    @Test
    void starStaysInOneSegmentAndDoubleStarCrossesThem() {
        PathFilter f = filter(List.of("*.go"), List.of());
        assertThat(f.keeps("main.go")).isTrue();
        assertThat(f.keeps("pkg/main.go")).isFalse();
        PathFilter deep = filter(List.of("**/*.go"), List.of());
        assertThat(deep.keeps("main.go")).isTrue();
        assertThat(deep.keeps("a/b/main.go")).isTrue();
        assertThat(deep.keeps("a/b/main.rs")).isFalse();
    }

    @Test
    void aPatternMatchingADirectoryKeepsEverythingUnderIt() {
        PathFilter f = filter(List.of("src"), List.of());
        assertThat(f.keeps("src")).isTrue();
        assertThat(f.keeps("src/a/b.txt")).isTrue();
        assertThat(f.keeps("srcx")).isFalse();
        assertThat(f.mayKeepUnder("docs")).isFalse();
    }

    @Test
    void includeBelowADirectoryMakesTheWalkDescend() {
        PathFilter f = filter(List.of("src/*.go"), List.of());
        assertThat(f.keeps("src")).isFalse();
        assertThat(f.mayKeepUnder("src")).isTrue();
        assertThat(f.mayKeepUnder("docs")).isFalse();
        assertThat(f.keeps("src/a.go")).isTrue();
    }

    @Test
    void lastExcludeWinsAndNegationReincludes() {
        PathFilter f = filter(List.of(), List.of("**", "!src", "src/gen"));
        assertThat(f.keeps("README.md")).isFalse();
        assertThat(f.keeps("src/a.go")).isTrue();
        assertThat(f.keeps("src/gen/x.go")).isFalse();
        assertThat(f.mayKeepUnder("src")).isTrue();
    }

    @Test
    void negatedIncludeDropsPathsUnderAnIncludedDirectory() {
        PathFilter f = filter(List.of("src", "!src/gen"), List.of());
        assertThat(f.keeps("src/a.go")).isTrue();
        assertThat(f.keeps("src/gen/x.go")).isFalse();
        assertThat(f.keeps("src/gen")).isFalse();
        assertThat(f.hasExcludes()).as("a kept directory may still lose entries").isTrue();
    }

    @Test
    void leadingDotSlashAndTrailingSlashAreIgnored() {
        PathFilter f = filter(List.of("./src/"), List.of());
        assertThat(f.keeps("src/a")).isTrue();
        PathFilter root = filter(List.of("."), List.of());
        assertThat(root.keeps("anything/at/all")).isTrue();
    }

    @Test
    void questionMarkAndClassesMatchOneCharacterButNeverASlash() {
        PathFilter f = filter(List.of("a?c", "[xy]z", "[!m]n", "d[0-9]"), List.of());
        assertThat(f.keeps("abc")).isTrue();
        assertThat(f.keeps("a/c")).isFalse();
        assertThat(f.keeps("xz")).isTrue();
        assertThat(f.keeps("qz")).isFalse();
        assertThat(f.keeps("on")).isTrue();
        assertThat(f.keeps("mn")).isFalse();
        assertThat(f.keeps("d7")).isTrue();
        assertThat(filter(List.of("a[!b]c"), List.of()).keeps("a/c")).isFalse();
    }

    @Test
    void classesWithJavaRegexSyntaxAreLiteral() {
        // Java regexes give [ and && a meaning inside classes: a glob must not
        PathFilter f = filter(List.of("a[[]b", "c[&]d", "e[]]f", "g[\\-]h"), List.of());
        assertThat(f.keeps("a[b")).isTrue();
        assertThat(f.keeps("c&d")).isTrue();
        assertThat(f.keeps("e]f")).isTrue();
        assertThat(f.keeps("g-h")).isTrue();
        assertThat(f.keeps("gxh")).isFalse();
    }

    @Test
    void unclosedBracketIsALiteralAndEscapesWork() {
        PathFilter f = filter(List.of("a[b", "c\\*d"), List.of());
        assertThat(f.keeps("a[b")).isTrue();
        assertThat(f.keeps("c*d")).isTrue();
        assertThat(f.keeps("cxd")).isFalse();
    }

    @Test
    void anInvalidPatternIsAnErrorNamingIt() {
        assertThatThrownBy(() -> filter(List.of("x[z-a]"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid pattern \"x[z-a]\"");
    }

    @Test
    void excludedDirectoryIsNotEnteredWithoutNegations() {
        PathFilter f = filter(List.of(), List.of("node_modules"));
        assertThat(f.keeps("node_modules")).isFalse();
        assertThat(f.mayKeepUnder("node_modules")).isFalse();
        assertThat(f.keeps("node_modules/x/y.js")).isFalse();
        assertThat(f.keeps("src/node_modules.txt")).isTrue();
    }
}

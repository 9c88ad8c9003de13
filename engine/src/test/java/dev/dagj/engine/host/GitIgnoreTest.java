package dev.dagj.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitIgnoreTest {
    private static GitIgnore root(String text) {
        return GitIgnore.NONE.child("", text);
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        GitIgnore g = root("# a comment\n\n   \n*.o\n");
        assertThat(g.ignores("# a comment", false)).isFalse();
        assertThat(g.ignores("x.o", false)).isTrue();
        assertThat(g.ignores("x.c", false)).isFalse();
    }

    @Test
    void escapedHashAndBangAreLiteral() {
        GitIgnore g = root("\\#notes\n\\!important\n");
        assertThat(g.ignores("#notes", false)).isTrue();
        assertThat(g.ignores("!important", false)).isTrue();
        assertThat(g.ignores("important", false)).isFalse();
    }

    @Test
    void aPatternWithoutSlashMatchesAtAnyDepth() {
        GitIgnore g = root("build\n");
        assertThat(g.ignores("build", true)).isTrue();
        assertThat(g.ignores("a/b/build", true)).isTrue();
        assertThat(g.ignores("a/b/build", false)).isTrue();
        assertThat(g.ignores("a/builds", true)).isFalse();
    }

    @Test
    void trailingSlashMatchesDirectoriesOnly() {
        GitIgnore g = root("out/\n");
        assertThat(g.ignores("out", true)).isTrue();
        assertThat(g.ignores("a/out", true)).isTrue();
        assertThat(g.ignores("out", false)).as("a file (or symlink) named out").isFalse();
    }

    @Test
    void leadingOrMiddleSlashAnchorsToTheFilesDirectory() {
        GitIgnore g = root("/top\ndoc/frotz\n");
        assertThat(g.ignores("top", false)).isTrue();
        assertThat(g.ignores("a/top", false)).isFalse();
        assertThat(g.ignores("doc/frotz", true)).isTrue();
        assertThat(g.ignores("a/doc/frotz", true)).isFalse();
    }

    @Test
    void negationReincludesAndTheLastMatchingLineWins() {
        GitIgnore g = root("*.log\n!keep.log\n");
        assertThat(g.ignores("a.log", false)).isTrue();
        assertThat(g.ignores("keep.log", false)).isFalse();
        assertThat(g.ignores("sub/keep.log", false)).isFalse();
        GitIgnore again = root("*.log\n!keep.log\nkeep.log\n");
        assertThat(again.ignores("keep.log", false)).isTrue();
    }

    @Test
    void doubleStarForms() {
        GitIgnore lead = root("**/foo\n");
        assertThat(lead.ignores("foo", false)).isTrue();
        assertThat(lead.ignores("a/b/foo", false)).isTrue();
        GitIgnore middle = root("a/**/b\n");
        assertThat(middle.ignores("a/b", false)).isTrue();
        assertThat(middle.ignores("a/x/b", false)).isTrue();
        assertThat(middle.ignores("a/x/y/b", false)).isTrue();
        assertThat(middle.ignores("c/a/b", false)).isFalse();
        GitIgnore trailing = root("abc/**\n");
        assertThat(trailing.ignores("abc/x", false)).isTrue();
        assertThat(trailing.ignores("abc/x/y", true)).isTrue();
        assertThat(trailing.ignores("abc", true)).isFalse();
        GitIgnore notWhole = root("a**b\n");
        assertThat(notWhole.ignores("axxb", false)).as("** inside a segment is like *").isTrue();
        assertThat(notWhole.ignores("ax/xb", false)).isFalse();
    }

    @Test
    void wildcardsDoNotMatchSlashes() {
        GitIgnore g = root("a/*.c\nx?y\n");
        assertThat(g.ignores("a/b.c", false)).isTrue();
        assertThat(g.ignores("a/b/c.c", false)).isFalse();
        assertThat(g.ignores("xzy", false)).isTrue();
    }

    @Test
    void bracketExpressions() {
        GitIgnore g = root("[abc].txt\n[!0-9]x\nz[[:digit:]]\n");
        assertThat(g.ignores("a.txt", false)).isTrue();
        assertThat(g.ignores("d.txt", false)).isFalse();
        assertThat(g.ignores("qx", false)).isTrue();
        assertThat(g.ignores("5x", false)).isFalse();
        assertThat(g.ignores("z7", false)).isTrue();
        assertThat(g.ignores("zq", false)).isFalse();
    }

    @Test
    void trailingSpacesAreDroppedUnlessEscaped() {
        GitIgnore g = root("foo   \nbar\\ \n");
        assertThat(g.ignores("foo", false)).isTrue();
        assertThat(g.ignores("bar ", false)).isTrue();
        assertThat(g.ignores("bar", false)).isFalse();
    }

    @Test
    void crlfLineEndingsWork() {
        GitIgnore g = root("*.tmp\r\n!a.tmp\r\n");
        assertThat(g.ignores("b.tmp", false)).isTrue();
        assertThat(g.ignores("a.tmp", false)).isFalse();
    }

    @Test
    void escapedWildcardsAreLiteral() {
        GitIgnore g = root("\\*star\nq\\?\n");
        assertThat(g.ignores("*star", false)).isTrue();
        assertThat(g.ignores("xstar", false)).isFalse();
        assertThat(g.ignores("q?", false)).isTrue();
        assertThat(g.ignores("qx", false)).isFalse();
    }

    @Test
    void aDeeperFileOverridesAShallowerOne() {
        GitIgnore top = root("*.gen\n");
        GitIgnore sub = top.child("sub", "!keep.gen\n");
        assertThat(sub.ignores("sub/keep.gen", false)).isFalse();
        assertThat(sub.ignores("sub/other.gen", false)).isTrue();
        assertThat(top.ignores("keep.gen", false)).isTrue();
    }

    @Test
    void rulesOfADeeperFileAreAnchoredToItsDirectory() {
        GitIgnore sub = GitIgnore.NONE.child("", "").child("pkg", "/local\nname\n");
        assertThat(sub.ignores("pkg/local", false)).isTrue();
        assertThat(sub.ignores("pkg/x/local", false)).isFalse();
        assertThat(sub.ignores("pkg/x/name", false)).isTrue();
    }

    @Test
    void aMalformedPatternMatchesNothing() {
        GitIgnore g = root("x[z-a]\nok\n");
        assertThat(g.ignores("xz", false)).isFalse();
        assertThat(g.ignores("ok", false)).isTrue();
    }

    @Test
    void aLoneBangOrSlashIsNoRule() {
        GitIgnore g = root("!\n/\n");
        assertThat(g.ignores("anything", false)).isFalse();
    }
}

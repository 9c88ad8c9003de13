package dev.dagj.resolver.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleRefParserTest {
    private final ModuleRefParser parser = new ModuleRefParser(RepositoryProbe.NONE);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // ref | root | html | subdir | version | sourceCloneRef | cloneRef
        "github.com/shykes/daggerverse/ci|github.com/shykes/daggerverse|https://github.com/shykes/daggerverse|ci||"
                + "github.com/shykes/daggerverse|github.com/shykes/daggerverse",
        "github.com/shykes/daggerverse.git/ci|github.com/shykes/daggerverse.git|https://github.com/shykes/daggerverse|ci||"
                + "github.com/shykes/daggerverse.git|github.com/shykes/daggerverse.git",
        "https://github.com/shykes/daggerverse/ci|github.com/shykes/daggerverse|https://github.com/shykes/daggerverse|ci||"
                + "https://github.com/shykes/daggerverse|https://github.com/shykes/daggerverse",
        "ssh://github.com/shykes/daggerverse/ci@version|github.com/shykes/daggerverse|https://github.com/shykes/daggerverse|"
                + "ci|version|ssh://github.com/shykes/daggerverse|ssh://git@github.com/shykes/daggerverse",
        "ssh://user@github.com/shykes/daggerverse/ci|github.com/shykes/daggerverse|https://github.com/shykes/daggerverse|"
                + "ci||ssh://user@github.com/shykes/daggerverse|ssh://user@github.com/shykes/daggerverse",
        "gitlab.com/testguigui1/dagger-public-sub/mywork.git/depth1/depth2|gitlab.com/testguigui1/dagger-public-sub/mywork.git|"
                + "https://gitlab.com/testguigui1/dagger-public-sub/mywork|depth1/depth2||"
                + "gitlab.com/testguigui1/dagger-public-sub/mywork.git|gitlab.com/testguigui1/dagger-public-sub/mywork.git",
        "bitbucket.org/test-travail/test/depth1|bitbucket.org/test-travail/test|https://bitbucket.org/test-travail/test|"
                + "depth1||bitbucket.org/test-travail/test|bitbucket.org/test-travail/test",
        "codeberg.org/o/r|codeberg.org/o/r|https://codeberg.org/o/r|.||codeberg.org/o/r|codeberg.org/o/r",
        "git@github.com:shykes/daggerverse/ci|github.com:shykes/daggerverse|https://github.com/shykes/daggerverse|ci||"
                + "git@github.com:shykes/daggerverse|git@github.com:shykes/daggerverse",
        "github.com:shykes/daggerverse.git/ci@version|github.com:shykes/daggerverse.git|https://github.com/shykes/daggerverse|"
                + "ci|version|github.com:shykes/daggerverse.git|github.com:shykes/daggerverse.git",
        "https://daggere2e@dev.azure.com/daggere2e/public/_git/dagger-test-modules/cool-sdk|"
                + "dev.azure.com/daggere2e/public/_git/dagger-test-modules|"
                + "https://dev.azure.com/daggere2e/public/_git/dagger-test-modules|cool-sdk||"
                + "https://daggere2e@dev.azure.com/daggere2e/public/_git/dagger-test-modules|"
                + "https://daggere2e@dev.azure.com/daggere2e/public/_git/dagger-test-modules",
        "git@ssh.dev.azure.com:v3/daggere2e/public/dagger-test-modules/cool-sdk|"
                + "ssh.dev.azure.com:v3/daggere2e/public/dagger-test-modules|"
                + "https://dev.azure.com/daggere2e/public/_git/dagger-test-modules|cool-sdk||"
                + "git@ssh.dev.azure.com:v3/daggere2e/public/dagger-test-modules|"
                + "git@ssh.dev.azure.com:v3/daggere2e/public/dagger-test-modules",
        "ssh://someuser@example.org:29418/x/review.git/git-codereview|example.org/x/review.git|https://example.org/x/review|"
                + "git-codereview||ssh://someuser@example.org:29418/x/review.git|ssh://someuser@example.org:29418/x/review.git",
        "github.com/dagger/dagger/docker@v0.4.2|github.com/dagger/dagger|https://github.com/dagger/dagger|docker|v0.4.2|"
                + "github.com/dagger/dagger|github.com/dagger/dagger",
    })
    void splitsLikeDagger(String ref, String root, String html, String subdir, String version, String sourceCloneRef,
            String cloneRef) throws Exception {
        GitModuleRef g = parser.parseGit(ref);
        assertThat(g.repoRoot()).isEqualTo(new RepoRoot(root, html));
        assertThat(g.subdir()).isEqualTo(subdir);
        assertThat(g.version()).isEqualTo(version == null ? "" : version);
        assertThat(g.sourceCloneRef()).isEqualTo(sourceCloneRef);
        assertThat(g.cloneRef()).isEqualTo(cloneRef);
    }

    @Test
    void subpathOutOfRootIsRefused() {
        assertThatThrownBy(() -> parser.parseGit("github.com/shykes/daggerverse.git/../../"))
                .hasMessage("git module source subpath points out of root: \"../..\"");
        assertThatThrownBy(() -> parser.parseGit("github.com/shykes/daggerverse/../.."))
                .hasMessage("git module source subpath points out of root: \"../..\"");
    }

    @Test
    void knownHostWithTooShortPathIsNotARepo() {
        assertThatThrownBy(() -> parser.parseGit("github.com/shykes"))
                .hasMessageContaining("invalid github.com/ import path \"github.com/shykes\"");
    }

    @Test
    void kindDetection() throws Exception {
        assertThat(parse("./dep", "")).isInstanceOf(LocalModuleRef.class);
        assertThat(parse("../dep", "")).isInstanceOf(LocalModuleRef.class);
        assertThat(parse("/app/test@test", "")).isEqualTo(new LocalModuleRef("/app/test@test"));
        assertThat(parse("dep", "")).isEqualTo(new LocalModuleRef("dep"));
        assertThat(parse("github.com/o/r", "")).isInstanceOf(GitModuleRef.class);
        assertThat(parse("https://example.com/x.git", "abc").kind()).isEqualTo(RefKind.GIT);
        assertThat(parse("git://127.0.0.1:9/r.git", "").kind()).isEqualTo(RefKind.GIT);
        assertThat(parse("file:///tmp/r.git", "").kind()).isEqualTo(RefKind.GIT);
        // an existing local dir wins over a git reading
        assertThat(new ModuleRefParser(RepositoryProbe.NONE).parse("github.com/o/r", "", p -> true))
                .isEqualTo(new LocalModuleRef("github.com/o/r"));
        // an unknown host without a repository falls back to local
        assertThat(parse("my.dir/with.dots", "")).isEqualTo(new LocalModuleRef("my.dir/with.dots"));
    }

    private ModuleRef parse(String ref, String pin) throws Exception {
        return parser.parse(ref, pin, p -> false);
    }

    @Test
    void unknownHostsAreProbedShortestFirst() throws Exception {
        List<String> asked = new ArrayList<>();
        ModuleRefParser probing = new ModuleRefParser(url -> {
            asked.add(url);
            return url.endsWith("/group/repo");
        });
        GitModuleRef g = probing.parseGit("git.example.com/group/repo/sub/mod@v1.0.0");
        assertThat(asked).containsExactly("https://git.example.com/group", "https://git.example.com/group/repo");
        assertThat(g.repoRoot().root()).isEqualTo("git.example.com/group/repo");
        assertThat(g.subdir()).isEqualTo("sub/mod");
        assertThat(g.cloneUrls()).containsExactly("https://git.example.com/group/repo",
                "ssh://git@git.example.com/group/repo");
        assertThat(g.symbolic("sub/mod")).isEqualTo("git.example.com/group/repo/sub/mod");
        assertThat(g.withVersion("")).isEqualTo("git.example.com/group/repo/sub/mod");

        asked.clear();
        GitModuleRef daemon = probing.parseGit("git://127.0.0.1:9418/group/repo/x");
        assertThat(asked).containsExactly("git://127.0.0.1:9418/group", "git://127.0.0.1:9418/group/repo");
        assertThat(daemon.cloneRef()).isEqualTo("git://127.0.0.1:9418/group/repo");
        assertThat(daemon.cloneUrls()).containsExactly("git://127.0.0.1:9418/group/repo");

        assertThatThrownBy(() -> probing.parseGit("git://127.0.0.1:9418/nothing/here"))
                .hasMessageContaining("git://127.0.0.1:9418/nothing, git://127.0.0.1:9418/nothing/here");
    }

    @Test
    void fileUrls() throws Exception {
        GitModuleRef bare = parser.parseGit("file:///srv/git/mono.git/sub/mod@sub/mod/v0.1.0");
        assertThat(bare.repoRoot().root()).isEqualTo("/srv/git/mono.git");
        assertThat(bare.cloneRef()).isEqualTo("file:///srv/git/mono.git");
        assertThat(bare.subdir()).isEqualTo("sub/mod");
        assertThat(bare.version()).isEqualTo("sub/mod/v0.1.0");
        GitModuleRef probed = new ModuleRefParser(url -> url.equals("file:///srv/repo"))
                .parseGit("file:///srv/repo/mod");
        assertThat(probed.cloneRef()).isEqualTo("file:///srv/repo");
        assertThat(probed.subdir()).isEqualTo("mod");
        assertThat(GitModuleRef.format("file:///srv/repo", ".", "main")).isEqualTo("file:///srv/repo@main");
        assertThat(GitModuleRef.format("github.com/o/r", "docker", "docker/v0.4.2"))
                .isEqualTo("github.com/o/r/docker@docker/v0.4.2");
    }
}

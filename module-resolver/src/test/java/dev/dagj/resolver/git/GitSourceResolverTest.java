package dev.dagj.resolver.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.resolver.GitFixtures;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.ref.GitModuleRef;
import dev.dagj.resolver.ref.ModuleRefParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceResolverTest {
    @TempDir
    Path tmp;

    private GitFixtures fixtures;
    private Git mono;
    private RevCommit first;
    private RevCommit second;
    private String daemonUrl;
    private GitSourceResolver resolver;
    private final ModuleRefParser parser = new ModuleRefParser(new LsRemoteProbe(5));

    @BeforeEach
    void setUp() throws Exception {
        fixtures = new GitFixtures(tmp.resolve("repos"));
        mono = fixtures.create("mono.git");
        first = GitFixtures.commit(mono, "first", Map.of(
                "hello/dagger.json", GitFixtures.goModule("hello"), "hello/main.go", "package main // 1\n",
                "docker/dagger.json", GitFixtures.goModule("docker")));
        GitFixtures.tag(mono, "docker/v0.4.2", false);
        GitFixtures.tag(mono, "v0.1.0", true);
        mono.branchCreate().setName("feature").call();
        second = GitFixtures.commit(mono, "second", Map.of("hello/main.go", "package main // 2\n"));
        daemonUrl = fixtures.startDaemon();
        resolver = new GitSourceResolver(new GitCache(tmp.resolve("cache"), 10), 10);
    }

    @AfterEach
    void tearDown() throws Exception {
        mono.close();
        fixtures.close();
    }

    private ResolvedGitSource resolve(String ref, String pin) throws Exception {
        return resolver.resolve(parser.parseGit(ref), pin);
    }

    @Test
    void defaultBranchThroughFileUrl() throws Exception {
        ResolvedGitSource r = resolve(fixtures.fileUrl("mono.git") + "/hello", "");
        assertThat(r.version()).isEqualTo("main");
        assertThat(r.refName()).isEqualTo("refs/heads/main");
        assertThat(r.commit()).isEqualTo(second.name());
        assertThat(r.subdir()).isEqualTo("hello");
        assertThat(r.checkoutDir()).isEqualTo(tmp.resolve("cache/checkouts").resolve(second.name()));
        assertThat(Files.readString(r.subdirPath().resolve("main.go"))).isEqualTo("package main // 2\n");
        assertThat(r.cloneRef()).isEqualTo(fixtures.fileUrl("mono.git"));
    }

    @Test
    void monorepoTagBeforePlainTagThroughGitDaemon() throws Exception {
        ResolvedGitSource docker = resolve(daemonUrl + "/mono.git/docker@v0.4.2", "");
        assertThat(docker.version()).isEqualTo("docker/v0.4.2");
        assertThat(docker.commit()).isEqualTo(first.name());
        ResolvedGitSource hello = resolve(daemonUrl + "/mono.git/hello@v0.1.0", "");
        assertThat(hello.version()).isEqualTo("v0.1.0");
        assertThat(hello.commit()).isEqualTo(first.name());
        assertThat(Files.readString(hello.subdirPath().resolve("main.go"))).isEqualTo("package main // 1\n");
    }

    @Test
    void branchShaAndPin() throws Exception {
        assertThat(resolve(daemonUrl + "/mono.git/hello@feature", "").commit()).isEqualTo(first.name());
        ResolvedGitSource bySha = resolve(daemonUrl + "/mono.git/hello@" + first.name(), "");
        assertThat(bySha.version()).isEqualTo(first.name());
        assertThat(bySha.commit()).isEqualTo(first.name());
        ResolvedGitSource pinned = resolve(daemonUrl + "/mono.git/hello@main", first.name());
        assertThat(pinned.commit()).isEqualTo(first.name());
        assertThat(pinned.version()).isEqualTo("main");
    }

    @Test
    void remoteRootFoundByProbingTheDaemon() throws Exception {
        try (Git plain = fixtures.create("plain")) {
            GitFixtures.commit(plain, "p", Map.of("mod/dagger.json", GitFixtures.goModule("mod")));
        }
        GitModuleRef ref = parser.parseGit(daemonUrl + "/plain/mod");
        assertThat(ref.cloneRef()).isEqualTo(daemonUrl + "/plain");
        assertThat(resolver.resolve(ref, "").version()).isEqualTo("main");
    }

    @Test
    void unknownVersionNamesVersionAndRepo() {
        assertThatThrownBy(() -> resolve(daemonUrl + "/mono.git/hello@v9.9.9", ""))
                .isInstanceOf(ResolverException.class)
                .hasMessage("failed to resolve git src: version \"v9.9.9\" not found in git repository \""
                        + daemonUrl + "/mono.git\"");
        assertThatThrownBy(() -> resolve(daemonUrl + "/mono.git/hello@nope", ""))
                .hasMessageContaining("version \"nope\" not found in git repository \"" + daemonUrl + "/mono.git\"");
    }

    @Test
    void unreachableRemoteNamesTheUrl() throws Exception {
        GitModuleRef ref = parser.parseGit(daemonUrl + "/mono.git/hello@main");
        fixtures.stopDaemon();
        assertThatThrownBy(() -> resolver.resolve(ref, ""))
                .hasMessageStartingWith("failed to resolve git src: unable to reach git repository \"" + daemonUrl
                        + "/mono.git\"");
    }

    @Test
    void pinnedCommitResolvesOfflineFromTheCache() throws Exception {
        GitModuleRef ref = parser.parseGit(daemonUrl + "/mono.git/hello@main");
        ResolvedGitSource online = resolver.resolve(ref, first.name());
        fixtures.stopDaemon();
        GitSourceResolver fresh = new GitSourceResolver(new GitCache(tmp.resolve("cache"), 10), 10);
        ResolvedGitSource offline = fresh.resolve(ref, first.name());
        assertThat(offline.commit()).isEqualTo(first.name());
        assertThat(offline.version()).isEqualTo("main");
        assertThat(offline.checkoutDir()).isEqualTo(online.checkoutDir());
        // the stored form of a tag dependency resolves offline to the same version
        ResolvedGitSource tag = fresh.resolve(parser.parseGit(daemonUrl + "/mono.git/docker@docker/v0.4.2"),
                first.name());
        assertThat(tag.version()).isEqualTo("docker/v0.4.2");
        assertThat(tag.commit()).isEqualTo(first.name());
        assertThatThrownBy(() -> fresh.resolve(ref, "")).hasMessageContaining("unable to reach git repository");
    }

    @Test
    void leftoversOfAKilledFetchDoNotBreakTheCache() throws Exception {
        String url = daemonUrl + "/mono.git";
        resolve(url + "/hello@main", "");
        GitCache cache = resolver.cache();
        Path repo = cache.repoDir(url);
        // what a fetch killed mid-way leaves: ref lock files, an incomplete pack, a half-written checkout
        Files.writeString(repo.resolve("refs/dagj/heads/main.lock"), "junk");
        Files.writeString(repo.resolve("packed-refs.lock"), "");
        Files.writeString(repo.resolve("objects/incoming_123.pack"), "PACK partial");
        Files.createDirectories(tmp.resolve("cache/checkouts/.staging-x/hello"));
        Files.writeString(repo.getParent().resolve("unrelated.tmp"), "");

        RevCommit third = GitFixtures.commit(mono, "third", Map.of("hello/main.go", "package main // 3\n"));
        ResolvedGitSource moved = resolve(url + "/hello@main", "");
        assertThat(moved.commit()).isEqualTo(third.name());
        assertThat(Files.readString(moved.subdirPath().resolve("main.go"))).isEqualTo("package main // 3\n");
        assertThat(Files.exists(repo.resolve("refs/dagj/heads/main.lock"))).isFalse();
        assertThat(cache.hasCommit(url, second.name())).isTrue();

        // a fetch that fails (remote gone) leaves what was cached usable
        fixtures.stopDaemon();
        assertThatThrownBy(() -> resolve(url + "/hello@feature", "")).isInstanceOf(ResolverException.class);
        assertThat(resolver.resolve(parser.parseGit(url + "/hello@main"), third.name()).commit())
                .isEqualTo(third.name());
    }

    @Test
    void semverTagMatching() {
        List<String> tags = List.of("v1.0.0", "v1.0.1", "v2.0.0", "path/v1.0.1", "path/v2.0.1");
        assertThat(GitSourceResolver.matchTag(tags, "v1.0.1", ".")).contains("v1.0.1");
        assertThat(GitSourceResolver.matchTag(tags, "v1.0.1", "path")).contains("path/v1.0.1");
        assertThat(GitSourceResolver.matchTag(tags, "v2.0.1", ".")).isEmpty();
        assertThat(GitSourceResolver.matchTag(List.of("hello/v0.3.0"), "v0.3.0", "hello")).contains("hello/v0.3.0");
    }
}

package dev.dagj.resolver.ref;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static repository-root rules of Go's {@code vcs} package as Dagger uses them: GitHub, Codeberg, Bitbucket
 * ({@code host/A/B}), Azure DevOps (cloud HTTPS, cloud SSH, on-prem {@code _git}) and the generic
 * {@code host/path/repo.git} form. A host the rules do not know gives {@link Result.Unknown}; a known host with a path
 * its rule rejects gives {@link Result.Invalid}.
 */
final class RepoRootRules {

    sealed interface Result {
        record Found(RepoRoot root) implements Result {
        }

        record Invalid(String message) implements Result {
        }

        record Unknown() implements Result {
        }
    }

    private record Rule(String prefix, Pattern pattern, RepoUrl repoUrl) {
    }

    @FunctionalInterface
    private interface RepoUrl {
        String of(Matcher m);
    }

    private static final String SEG = "[A-Za-z0-9_.\\-]+";
    private static final String AZ = "[A-Za-z0-9_.% \\-]+";
    private static final String TAIL = "(/[\\p{L}0-9_.\\-]+)*(/.*)?$";

    private static final List<Rule> RULES = List.of(
            new Rule("github.com/", Pattern.compile("^(?<root>github\\.com/" + SEG + "/" + SEG + ")" + TAIL),
                    m -> trimGit("https://" + m.group("root"))),
            new Rule("codeberg.org/", Pattern.compile("^(?<root>codeberg\\.org/" + SEG + "/" + SEG + ")" + TAIL),
                    m -> "https://" + m.group("root")),
            new Rule("bitbucket.org/", Pattern.compile("^(?<root>bitbucket\\.org/" + SEG + "/" + SEG + ")"
                    + "(/[A-Za-z0-9_.\\-]+)*(/.*)?$"), m -> trimGit("https://" + m.group("root"))),
            new Rule("dev.azure.com/", Pattern.compile("^(?<root>dev\\.azure\\.com/(?<account>" + AZ + ")(/(?<project>"
                    + AZ + "))?/_git/(?<repo>" + AZ + ")(\\.git)?)" + TAIL),
                    m -> trimGit("https://" + m.group("root"))),
            new Rule("ssh.dev.azure.com/", Pattern.compile("^(?<root>ssh\\.dev\\.azure\\.com/v\\d+/(?<account>" + AZ
                    + ")/(?<project>" + AZ + ")/(?<repo>" + AZ + "))" + TAIL),
                    m -> trimGit("https://dev.azure.com/" + m.group("account") + "/" + m.group("project") + "/_git/"
                            + m.group("repo"))),
            new Rule("", Pattern.compile("^(?<root>" + AZ + "/(tfs/)?(?<account>" + AZ + ")(/(?<project>" + AZ
                    + "))?/_git/(?<repo>" + AZ + ")(\\.git)?)" + TAIL),
                    m -> trimGit("https://" + m.group("root"))),
            new Rule("", Pattern.compile("^(?<root>(?<repo>([a-z0-9.\\-]+\\.)+[a-z0-9.\\-]+(:[0-9]+)?/[A-Za-z0-9_.\\-/~]*?)"
                    + "\\.(?<vcs>git))(/[A-Za-z0-9_.\\-]+)*(/.*)?$"),
                    m -> trimGit("https://" + m.group("root"))));

    private static final Pattern FILE_GIT_DIR = Pattern.compile("^(?<root>/(?:[^/]+/)*?[^/]+\\.git)(/.*)?$");

    private RepoRootRules() {
    }

    /** The root of {@code modPath} ({@code host/path}, no scheme, user or version) by the static rules. */
    static Result match(String modPath) {
        for (Rule rule : RULES) {
            if (!modPath.startsWith(rule.prefix())) {
                continue;
            }
            Matcher m = rule.pattern().matcher(modPath);
            if (!m.matches()) {
                if (!rule.prefix().isEmpty()) {
                    return new Result.Invalid("invalid " + rule.prefix() + " import path \"" + modPath + "\"");
                }
                continue;
            }
            return new Result.Found(new RepoRoot(m.group("root"), rule.repoUrl().of(m)));
        }
        return new Result.Unknown();
    }

    /** For {@code file://} refs: the path up to the first segment ending in {@code .git}, if any. */
    static Optional<RepoRoot> matchFilePath(String path) {
        Matcher m = FILE_GIT_DIR.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RepoRoot(m.group("root"), "file://" + m.group("root")));
    }

    private static String trimGit(String url) {
        return url.endsWith(".git") ? url.substring(0, url.length() - 4) : url;
    }
}

package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed, canonical image reference: {@code registry/repository[:tag][@sha256:hex]}. Docker's short forms are
 * expanded: {@code alpine} is {@code docker.io/library/alpine:latest}, {@code user/app} is
 * {@code docker.io/user/app:latest}. A reference with neither tag nor digest gets the tag {@code latest}; a
 * reference with a digest keeps its tag (if any) for display only, and the digest decides what is pulled.
 */
public record ImageRef(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HOST = Pattern.compile("(?:\\[[0-9a-fA-F:.]+\\]|[a-zA-Z0-9.-]+)(?::[0-9]{1,5})?");

    public ImageRef {
        if (tag.isEmpty() && digest.isEmpty()) {
            throw new IllegalArgumentException("an image reference needs a tag or a digest");
        }
    }

    /**
     * Parses a Docker-style reference. Throws ImageException naming the text and what is wrong with it (bad host,
     * upper-case repository, bad tag, a digest that is not {@code sha256:<64 hex>}).
     */
    public static ImageRef parse(String text) throws ImageException {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        Optional<Digest> digest = Optional.empty();
        int at = s.indexOf('@');
        if (at >= 0) {
            String d = s.substring(at + 1);
            if (!d.startsWith(Digest.PREFIX)) {
                throw invalid(text, "only sha256 digests are supported, got \"" + d + "\"");
            }
            try {
                digest = Optional.of(Digest.parse(d));
            } catch (IllegalArgumentException e) {
                throw invalid(text, "the digest is not sha256:<64 lower-case hex>");
            }
            s = s.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            String t = s.substring(colon + 1);
            if (!TAG.matcher(t).matches()) {
                throw invalid(text, "the tag \"" + t + "\" is not valid");
            }
            tag = Optional.of(t);
            s = s.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String repo = s;
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                if (!HOST.matcher(first).matches()) {
                    throw invalid(text, "\"" + first + "\" is not a valid registry host");
                }
                registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
                repo = s.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !repo.contains("/")) {
            repo = "library/" + repo;
        }
        if (!repo.toLowerCase(Locale.ROOT).equals(repo)) {
            throw invalid(text, "repository name must be lowercase");
        }
        for (String c : repo.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw invalid(text, "\"" + repo + "\" is not a valid repository name");
            }
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new ImageRef(registry, repo, tag, digest);
    }

    private static ImageException invalid(String text, String why) {
        return new ImageException(text, null, "invalid image reference \"" + text + "\": " + why, null);
    }

    /** What goes after {@code /manifests/}: the digest when there is one, else the tag. */
    public String reference() {
        return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
    }

    /** The same repository and tag, pinned to {@code d}. */
    public ImageRef withDigest(Digest d) {
        return new ImageRef(registry, repository, tag, Optional.of(d));
    }

    /** The same repository with only the tag {@code t} (no digest). */
    public ImageRef withTag(String t) {
        return new ImageRef(registry, repository, Optional.of(t), Optional.empty());
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}

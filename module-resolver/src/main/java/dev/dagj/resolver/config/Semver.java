package dev.dagj.resolver.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version in Go's {@code golang.org/x/mod/semver} dialect: a leading {@code v}, then {@code MAJOR},
 * {@code MAJOR.MINOR} or {@code MAJOR.MINOR.PATCH} (shorthands only without pre-release or build), an optional
 * {@code -pre.release} and an optional {@code +build}, which comparisons ignore.
 */
public record Semver(BigInteger major, BigInteger minor, BigInteger patch, List<String> prerelease, String build) {
    private static final Pattern SHAPE = Pattern.compile(
            "v(0|[1-9][0-9]*)(?:\\.(0|[1-9][0-9]*)(?:\\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
                    + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?)?)?");

    public Semver {
        prerelease = List.copyOf(prerelease);
    }

    /** The version {@code text} denotes, or empty when it is not a valid Go semver. */
    public static Optional<Semver> parse(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        for (String id : pre) {
            if (id.length() > 1 && id.charAt(0) == '0' && id.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Semver(new BigInteger(m.group(1)), number(m.group(2)), number(m.group(3)), pre,
                m.group(5) == null ? "" : m.group(5)));
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /**
     * Go's {@code semver.Compare}: an invalid version is less than every valid one, and two invalid ones are equal.
     */
    public static int compare(String a, String b) {
        Optional<Semver> va = parse(a);
        Optional<Semver> vb = parse(b);
        if (va.isEmpty() || vb.isEmpty()) {
            return Boolean.compare(va.isPresent(), vb.isPresent());
        }
        return va.get().compareTo(vb.get());
    }

    /** Precedence order; the build suffix is ignored. */
    public int compareTo(Semver other) {
        int c = major.compareTo(other.major);
        if (c == 0) {
            c = minor.compareTo(other.minor);
        }
        if (c == 0) {
            c = patch.compareTo(other.patch);
        }
        return c != 0 ? c : comparePrerelease(prerelease, other.prerelease);
    }

    /** The version without pre-release and build, e.g. {@code v0.19.11} for {@code v0.19.11-dev+x}. */
    public String base() {
        return "v" + major + "." + minor + "." + patch;
    }

    private static BigInteger number(String s) {
        return s == null ? BigInteger.ZERO : new BigInteger(s);
    }

    private static int comparePrerelease(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xNum = x.chars().allMatch(Character::isDigit);
            boolean yNum = y.chars().allMatch(Character::isDigit);
            int c;
            if (xNum && yNum) {
                c = new BigInteger(x).compareTo(new BigInteger(y));
            } else if (xNum != yNum) {
                c = xNum ? -1 : 1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}

package dev.dagj.engine.image;

import java.util.Locale;

/**
 * An OCI platform: {@code os/architecture[/variant]}, normalised so that equal platforms compare equal
 * ({@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}, and {@code arm64/v8} is plain {@code arm64}).
 */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

    public Platform {
        os = os.toLowerCase(Locale.ROOT);
        architecture = switch (architecture.toLowerCase(Locale.ROOT)) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686" -> "386";
            default -> architecture.toLowerCase(Locale.ROOT);
        };
        variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        if ((architecture.equals("arm64") && variant.equals("v8")) || architecture.equals("amd64") && variant.equals("v1")) {
            variant = "";
        }
        if (os.isEmpty() || architecture.isEmpty()) {
            throw new IllegalArgumentException("a platform needs an os and an architecture");
        }
    }

    /** Parses {@code linux/amd64} or {@code linux/arm/v7}; throws ImageException naming the text. */
    public static Platform parse(String text) throws ImageException {
        String[] p = text.trim().split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new ImageException("invalid platform \"" + text + "\": expected os/architecture[/variant]");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : "");
    }

    /**
     * Whether an image built for {@code candidate} satisfies a request for this platform: os and architecture equal,
     * and the variant equal unless this platform names none.
     */
    public boolean accepts(Platform candidate) {
        return os.equals(candidate.os) && architecture.equals(candidate.architecture)
                && (variant.isEmpty() || variant.equals(candidate.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}

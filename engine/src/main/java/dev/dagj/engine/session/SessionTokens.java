package dev.dagj.engine.session;

import dev.dagj.engine.digest.SystemRandom;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Session tokens and the Basic-auth check against them. */
final class SessionTokens {
    private SessionTokens() {
    }

    /** 192 random bits, hex (safe in URLs, headers and shells). */
    static String newToken() {
        return SystemRandom.hex(24);
    }

    /**
     * Whether an {@code Authorization} header is {@code Basic base64(token + ":")}: the token as user name; any
     * password is ignored, as Dagger does. Compared in constant time.
     */
    static boolean authorizes(String header, String token) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}

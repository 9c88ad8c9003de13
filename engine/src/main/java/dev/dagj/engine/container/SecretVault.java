package dev.dagj.engine.container;

import dev.dagj.engine.digest.SystemRandom;
import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secret plaintexts, in memory only, by keyed digest: HMAC-SHA256 under a random per-engine key kept (mode 0600) in
 * {@code <state>/secret-key}, so a digest in a cache key or ID tells nothing about the plaintext to anyone without
 * that file, while equal plaintexts still give equal keys across sessions and restarts. Nothing here is ever written
 * to the content store, an ID, a key or a log.
 */
public final class SecretVault {
    private static final String KEY_FILE = "secret-key";
    private final byte[] key;
    private final Map<Digest, byte[]> plaintexts = new ConcurrentHashMap<>();

    private SecretVault(byte[] key) {
        this.key = key;
    }

    public static SecretVault open(Path stateDir) throws ContainerException {
        Path file = stateDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] k = SystemRandom.bytes(32);
                Path tmp = stateDir.resolve(KEY_FILE + "." + ProcessHandle.current().pid() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, k, StandardOpenOption.WRITE);
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // another engine made it first: use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] k = Files.readAllBytes(file);
            if (k.length != 32) {
                throw new ContainerException("the secret key file " + file + " is damaged; delete it (cached steps"
                        + " that used secrets will run again)");
            }
            return new SecretVault(k);
        } catch (IOException e) {
            throw new ContainerException("cannot open the secret key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The keyed digest of {@code plaintext}. */
    public Digest digest(byte[] plaintext) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Digest.fromRaw(mac.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Keeps {@code plaintext} in memory and returns its keyed digest. */
    public Digest put(byte[] plaintext) {
        Digest d = digest(plaintext);
        plaintexts.putIfAbsent(d, plaintext.clone());
        return d;
    }

    /** The plaintext of keyed digest {@code d}, or null when this engine has not seen it. */
    public byte[] get(Digest d) {
        byte[] p = plaintexts.get(d);
        return p == null ? null : p.clone();
    }

    /** {@code text} with every non-empty plaintext of {@code secrets} replaced by {@code ***}. */
    public String scrub(String text, Collection<Digest> secrets) {
        String out = text;
        for (Digest d : secrets) {
            byte[] p = plaintexts.get(d);
            if (p != null && p.length > 0) {
                out = out.replace(new String(p, StandardCharsets.UTF_8), "***");
            }
        }
        return out;
    }
}

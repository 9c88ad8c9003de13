package dev.dagj.engine.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves an image-config user ({@code ""}, {@code uid}, {@code name}, {@code uid:gid}, {@code name:group}) to
 * numeric ids, reading {@code /etc/passwd} and {@code /etc/group} from the top-most layer that has them.
 */
final class UserSpec {
    private UserSpec() {
    }

    /** {uid, gid}. */
    static int[] resolve(String user, List<Path> layersTopFirst) throws ContainerException {
        if (user == null || user.isEmpty()) {
            return new int[] {0, 0};
        }
        String[] parts = user.split(":", 2);
        int uid;
        int gid = 0;
        Integer num = number(parts[0]);
        if (num != null) {
            uid = num;
            String[] pw = find(layersTopFirst, "etc/passwd", 2, parts[0]);
            if (pw != null && number(pw[3]) != null) {
                gid = number(pw[3]);
            }
        } else {
            String[] pw = find(layersTopFirst, "etc/passwd", 0, parts[0]);
            if (pw == null || number(pw[2]) == null) {
                throw new ContainerException("unable to find user " + parts[0] + ": no matching entries in passwd file");
            }
            uid = number(pw[2]);
            gid = number(pw[3]) == null ? 0 : number(pw[3]);
        }
        if (parts.length == 2) {
            Integer g = number(parts[1]);
            if (g == null) {
                String[] gr = find(layersTopFirst, "etc/group", 0, parts[1]);
                if (gr == null || number(gr[2]) == null) {
                    throw new ContainerException("unable to find group " + parts[1] + ": no matching entries in group file");
                }
                g = number(gr[2]);
            }
            gid = g;
        }
        return new int[] {uid, gid};
    }

    /**
     * {uid, gid} of an {@code owner} argument ({@code uid}, {@code name}, {@code uid:gid}, {@code name:group}, ...), as
     * Dagger resolves it: names through {@code /etc/passwd} and {@code /etc/group} of the layers, and without a group
     * the gid is the uid (not the user's primary group). Null for {@code ""} (ownership unchanged).
     */
    static int[] owner(String owner, List<Path> layersTopFirst) throws ContainerException {
        if (owner == null || owner.isEmpty()) {
            return null;
        }
        String[] parts = owner.split(":", 2);
        int uid = ownerId(owner, parts[0], layersTopFirst, "etc/passwd", "user");
        int gid = parts.length == 1 ? uid : ownerId(owner, parts[1], layersTopFirst, "etc/group", "group");
        return new int[] {uid, gid};
    }

    /** A number as is, else the id of the {@code kind} named {@code part} in the layers' {@code file}. */
    private static int ownerId(String owner, String part, List<Path> layersTopFirst, String file, String kind)
            throws ContainerException {
        Integer n = number(part);
        if (n != null) {
            return n;
        }
        String[] entry = find(layersTopFirst, file, 0, part);
        if (entry == null || number(entry[2]) == null) {
            throw new ContainerException("invalid owner \"" + owner + "\": unable to find " + kind + " " + part
                    + " in the container's /" + file);
        }
        return number(entry[2]);
    }

    private static Integer number(String s) {
        if (s == null || s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 9) {
            return null;
        }
        return Integer.parseInt(s);
    }

    private static String[] find(List<Path> layers, String file, int field, String value) throws ContainerException {
        for (Path l : layers) {
            Path p = l.resolve(file);
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 4 && f[field].equals(value)) {
                        return f;
                    }
                }
            } catch (IOException e) {
                throw new ContainerException("cannot read /" + file + " of the container: " + e.getMessage(), e);
            }
            return null;
        }
        return null;
    }
}

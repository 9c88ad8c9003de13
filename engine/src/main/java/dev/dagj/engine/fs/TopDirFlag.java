package dev.dagj.engine.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Marks a directory with ext4's "top of directory hierarchy" attribute ({@code chattr +T}), so that ext4 places each
 * directory made in it in a block group of its own choosing (its Orlov allocator, as for directories at the root)
 * instead of next to it, and the files made in those directories go there too.
 *
 * <p>Why the engine wants that: on an ext4 without a journal, allocating an inode skips, one by one, every free inode
 * of the group that was deleted in the last minute (five, if its inode table block is not written back yet), looking
 * each up in the buffer cache. Each overlayfs mount allocates and frees six inodes in its work dir (its checks for
 * O_TMPFILE and RENAME_WHITEOUT, the volatile marker, the {@code work} dir), and a big tree deleted nearby frees
 * thousands. Measured on the development VM, after 20,000 files were made and deleted next to it, an overlay mount
 * took 7 ms instead of 0.16 ms, while the same mount with its dirs under a {@code +T} directory still took 0.16 ms.
 * On other file systems, or without {@code chattr}, nothing happens.
 */
public final class TopDirFlag {
    private static final List<Path> CHATTR = List.of(Path.of("/usr/bin/chattr"), Path.of("/bin/chattr"),
            Path.of("/usr/sbin/chattr"), Path.of("/sbin/chattr"));

    private TopDirFlag() {
    }

    /** Sets the attribute on {@code dir}; whether it was set (false on a file system without it, or no chattr). */
    public static boolean set(Path dir) {
        Path chattr = CHATTR.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (chattr == null) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(chattr.toString(), "+T", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.dagj.engine.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    private TopDirFlag() {
    }

    /** Sets the attribute on {@code dir}; whether it was set (false on a file system without it, or no chattr). */
    public static boolean set(Path dir) {
        Path chattr = HostTools.inSystemDirs("chattr");
        if (!Files.isExecutable(chattr)) {
            return false;
        }
        try {
            return HostCommand.run(List.of(chattr.toString(), "+T", dir.toString())).ok();
        } catch (ExecException e) {
            return false;
        }
    }
}

package dev.dagj.engine.host;

import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The parts of a file's {@code lstat} that change whenever its content may have: size, modification and change
 * times (nanoseconds), inode and device. Equal stats before and after reading a file mean the read saw one version.
 */
record FileStat(long size, long mtimeNanos, long ctimeNanos, long inode, long device) {
    /** The {@code unix:} attributes {@link HostUploader} reads for every entry. */
    static final String ATTRIBUTES = "unix:mode,ino,dev,size,lastModifiedTime,ctime";

    static FileStat of(Map<String, Object> unixAttributes) {
        return new FileStat((Long) unixAttributes.get("size"),
                ((FileTime) unixAttributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) unixAttributes.get("ctime")).to(TimeUnit.NANOSECONDS),
                (Long) unixAttributes.get("ino"),
                (Long) unixAttributes.get("dev"));
    }

    // equals and hashCode are written out: a record's generated ones are bootstrapped (ObjectMethods) on first use,
    // which costs a warm CLI run milliseconds; see dev.dagj.engine.digest.Digest.
    @Override
    public boolean equals(Object o) {
        return o instanceof FileStat f && size == f.size && mtimeNanos == f.mtimeNanos && ctimeNanos == f.ctimeNanos
                && inode == f.inode && device == f.device;
    }

    @Override
    public int hashCode() {
        long h = size;
        h = 31 * h + mtimeNanos;
        h = 31 * h + ctimeNanos;
        h = 31 * h + inode;
        h = 31 * h + device;
        return Long.hashCode(h);
    }

    /** The later of the modification and change times, in nanoseconds since the epoch. */
    long lastChangeNanos() {
        return Math.max(mtimeNanos, ctimeNanos);
    }
}

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

    /** The later of the modification and change times, in nanoseconds since the epoch. */
    long lastChangeNanos() {
        return Math.max(mtimeNanos, ctimeNanos);
    }
}

package dev.dagj.engine.exec;

import java.util.List;

/** The capability set Docker gives a container by default; both backends grant exactly these to root processes. */
final class DefaultCapabilities {
    static final List<String> NAMES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private DefaultCapabilities() {
    }
}

/*
 * dagj-nsexec: the engine's one-process sandbox wrapper. It does what the shell wrapper
 * "unshare -m --propagation private sh -c 'cd D && mount -t overlay ... m && ... && exec bwrap ...'" does,
 * without starting unshare, sh and mount: the engine compiles it once per state directory (see NsExecHelper.java).
 *
 *   dagj-nsexec [-u] [-m DIR OPTIONS]... [-n SOFT] [-3 FILE] [-s FILE] -- PROGRAM [ARG]...
 *
 * bwrap's --die-with-parent ends the sandbox when the engine dies (the engine starts every sandbox from one
 * thread that lives as long as it does, see SupervisedRun).
 *   -u            enter a new mount namespace with private propagation (implied by -m), so every mount made
 *                 here disappears with the sandbox, also when the engine crashes
 *   -m DIR OPTS   mount an overlay at DIR/m with the option string OPTS; relative paths in OPTS resolve in DIR
 *   -n SOFT       set the soft RLIMIT_NOFILE to SOFT (capped at the hard limit)
 *   -3 FILE       open FILE (created or truncated) as file descriptor 3
 *   -s FILE       create FILE once the steps above succeeded, just before PROGRAM starts
 *
 * PROGRAM is an absolute path (no PATH search). On a failed step it prints "dagj-nsexec: <step>: <reason>" on
 * stderr and exits 125 without creating the -s file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

static int fail(const char *step, const char *what) {
    fprintf(stderr, "dagj-nsexec: %s %s: %s\n", step, what, strerror(errno));
    return 125;
}

static int usage(const char *why) {
    fprintf(stderr, "dagj-nsexec: %s\nusage: dagj-nsexec [-u] [-m DIR OPTIONS]... [-n SOFT] [-3 FILE] [-s FILE]"
            " -- PROGRAM [ARG]...\n", why);
    return 125;
}

int main(int argc, char **argv) {
    int unshared = 0;
    const char *started = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "-u") == 0 || strcmp(opt, "-m") == 0) {
            if (!unshared) {
                if (unshare(CLONE_NEWNS) != 0) {
                    return fail("unshare", "a mount namespace");
                }
                if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
                    return fail("make", "/ private");
                }
                unshared = 1;
            }
            if (strcmp(opt, "-m") == 0) {
                if (i + 2 >= argc) {
                    return usage("-m needs DIR and OPTIONS");
                }
                if (chdir(argv[i + 1]) != 0) {
                    return fail("chdir", argv[i + 1]);
                }
                if (mount("overlay", "m", "overlay", 0, argv[i + 2]) != 0) {
                    char what[4096];
                    snprintf(what, sizeof what, "at %s/m (%s)", argv[i + 1], argv[i + 2]);
                    return fail("mount overlay", what);
                }
                i += 2;
            }
        } else if (strcmp(opt, "-n") == 0 && i + 1 < argc) {
            struct rlimit rl;
            if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
                return fail("getrlimit", "RLIMIT_NOFILE");
            }
            rlim_t soft = (rlim_t) strtoull(argv[++i], NULL, 10);
            rl.rlim_cur = soft < rl.rlim_max ? soft : rl.rlim_max;
            if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
                return fail("setrlimit", "RLIMIT_NOFILE");
            }
        } else if (strcmp(opt, "-3") == 0 && i + 1 < argc) {
            const char *file = argv[++i];
            int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd < 0) {
                return fail("open", file);
            }
            if (fd != 3) {
                if (dup2(fd, 3) < 0) {
                    return fail("dup2 to fd 3", file);
                }
                close(fd);
            }
        } else if (strcmp(opt, "-s") == 0 && i + 1 < argc) {
            started = argv[++i];
        } else {
            return usage(opt);
        }
    }
    if (i + 1 >= argc) {
        return usage("no PROGRAM after --");
    }
    char **prog = argv + i + 1;
    if (prog[0][0] != '/') {
        errno = EINVAL;
        return fail("exec", prog[0]);
    }
    if (started != NULL) {
        int fd = open(started, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) {
            return fail("create", started);
        }
        close(fd);
    }
    execv(prog[0], prog);
    return fail("exec", prog[0]);
}

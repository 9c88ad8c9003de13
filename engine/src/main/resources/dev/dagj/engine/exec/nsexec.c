/*
 * dagj-nsexec: the engine's one-process sandbox wrapper. It does what the shell wrapper
 * "unshare -m --propagation private sh -c 'cd D && mount -t overlay ... m && ... && exec bwrap ...'" does,
 * without starting unshare, sh and mount: the engine compiles it once per state directory (see NsExecHelper.java).
 *
 *   dagj-nsexec [-u] [-m DIR OPTIONS]... [-D DIR] [-N HOSTNAME] [-n SOFT] [-3 FILE] [-s FILE] -- PROGRAM [ARG]...
 *
 * bwrap's --die-with-parent ends the sandbox when the engine dies (the engine starts every sandbox from one
 * thread that lives as long as it does, see SupervisedRun).
 *   -u            enter a new mount namespace with private propagation (implied by -m), so every mount made
 *                 here disappears with the sandbox, also when the engine crashes
 *   -m DIR OPTS   mount an overlay at DIR/m with the option string OPTS; relative paths in OPTS resolve in DIR
 *   -D DIR        make a new /dev at DIR (created if missing), as bwrap's --dev makes one: a tmpfs with null, zero,
 *                 full, random, urandom and tty bound from the host's /dev, the fd, stdin, stdout, stderr, core and
 *                 ptmx symlinks, shm/ and a new devpts instance at pts/; PROGRAM binds it (bwrap --dev-bind DIR /dev).
 *                 Implies -u.
 *   -N HOSTNAME   run PROGRAM in new network (loopback only, up, as bwrap's --unshare-net gives it), IPC, UTS (with
 *                 this hostname) and cgroup namespaces, which the run owns alone; the program then need not make
 *                 them (bwrap without --unshare-net/-ipc/-uts/-cgroup and --hostname)
 *   -n SOFT       set the soft RLIMIT_NOFILE to SOFT (capped at the hard limit)
 *   -3 FILE       open FILE (created or truncated) as file descriptor 3
 *   -s FILE       create FILE once the steps above succeeded, just before PROGRAM starts
 *
 * PROGRAM is an absolute path (no PATH search). On a failed step it prints "dagj-nsexec: <step>: <reason>" on
 * stderr and exits 125 without creating the -s file.
 *
 *   dagj-nsexec -S SOCKET
 *
 * Server mode (see ForkServer.java): listens on the Unix socket SOCKET, prints "ready" on stdout and serves until its
 * stdin closes or its parent (the engine) dies. Each connection is one sandbox run, handled by a forked handler:
 *   request   u32 argc, argc x (u32 length, bytes), u32 stdin length, stdin bytes   (big-endian)
 *   replies   frames (u8 type, u32 length, bytes): 'o' stdout, 'e' stderr, then 'x' with i32 kind, i32 value
 *             (kind 0: exited with value; 1: killed by signal value; 2: could not start, the reason on 'e')
 *   after the request, any byte from the engine, or the connection closing, SIGKILLs the run.
 * The handler runs the request's argv as the wrapper above (with fds 0, 1, 2 on pipes it relays), so a server run
 * behaves as "dagj-nsexec ARGV..." started by the engine, minus one program start from the JVM. The server dies
 * with the engine (parent-death signal, or its stdin closing), a waiting handler with the server, and a handler
 * with a run kills it when the engine's end of the connection closes.
 *
 * A handler enters its own mount namespace (a slave copy of the host's, without /sys, which no bwrap sandbox
 * gets) while it waits for a connection, and a bwrap run's overlays are mounted there, not in a namespace of the
 * run's own (other runtimes, runc, go back to the host's namespace): the run's end then tears down no namespace
 * (about a millisecond of kernel work here when the last process of one exits, on the path of the exit frame).
 * After the exit frame the handler kills and reaps whatever is left of the run, unmounts the overlays (DIR/m of each
 * -m) and exits, closing the connection: from then on nothing uses the run's directories, and the engine, which
 * reads the connection to its end, may remove them. The namespace itself ends with the handler.
 *
 * The same way, a waiting handler makes the namespaces of -N (network with loopback up, IPC, UTS, cgroup), and a
 * bwrap run with -N runs in them (a handler serves one run, so no two runs share one); they too end with the handler,
 * after the exit frame. It also makes the /dev of -D (in its own mount namespace, at "dev" beside the socket) and
 * moves it to the run's DIR. Runs without -N, and runs of other runtimes, go back to the host's namespaces first (setns
 * with descriptors opened before the unshare). A handler that cannot make them (no privilege), or a server started
 * with DAGJ_NSEXEC_NO_PREMADE set in its environment, leaves -N to the run's wrapper, as outside the server.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *step, const char *what) {
    fprintf(stderr, "dagj-nsexec: %s %s: %s\n", step, what, strerror(errno));
    return 125;
}

static int usage(const char *why) {
    fprintf(stderr, "dagj-nsexec: %s\nusage: dagj-nsexec [-u] [-m DIR OPTIONS]... [-D DIR] [-N HOSTNAME] [-n SOFT]"
            " [-3 FILE] [-s FILE] -- PROGRAM [ARG]...\n", why);
    return 125;
}

/* Set in a server handler whose own mount namespace the run's overlays go to (see above). */
static int in_handler_ns = 0;
/* In a server handler: the host's mount namespace (the server's), for runs that are not bwrap's; else -1. */
static int host_ns = -1;

/* The namespaces of -N (besides the hostname). */
#define RUN_NAMESPACES (CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP)

/*
 * Set (1) in a server handler that made the namespaces of -N while it waited for a connection (see serve()): a run
 * with -N uses them (it is the handler's only run), any other run goes back to the host's ones (host_nets) first.
 * -1 in one that made them but could neither bring their loopback up nor leave them (its run fails).
 */
static int premade_ns = 0;
/* In a server handler: the host's (the server's) network, IPC, UTS and cgroup namespaces, or -1. */
static int host_nets[4] = {-1, -1, -1, -1};
static const int host_net_types[4] = {CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP};
static const char *const host_net_files[4] = {"net", "ipc", "uts", "cgroup"};

/*
 * In a server handler whose mount namespace is its own: the /dev it made for a -D run while it waited (see serve()),
 * mounted at this path, or NULL. Moved to the run's -D DIR.
 */
static const char *premade_dev = NULL;

/* Makes at DIR the /dev that bwrap's --dev makes (see -D); on failure returns the step that failed, else NULL. */
static const char *make_dev(const char *dir) {
    static const char *const nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
    static const char *const links[][2] = {{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"},
            {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}, {"core", "/proc/kcore"},
            {"ptmx", "pts/ptmx"}};
    char path[4096], host[64];
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        return "mkdir";
    }
    if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
        return "mount a tmpfs";
    }
    for (size_t k = 0; k < sizeof nodes / sizeof nodes[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, nodes[k]);
        snprintf(host, sizeof host, "/dev/%s", nodes[k]);
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            return "create a device node's mount point";
        }
        close(fd);
        if (mount(host, path, NULL, MS_BIND | MS_REC, NULL) != 0) {
            return "bind a device node";
        }
    }
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, links[k][0]);
        if (symlink(links[k][1], path) != 0) {
            return "symlink";
        }
    }
    snprintf(path, sizeof path, "%s/shm", dir);
    if (mkdir(path, 0755) != 0) {
        return "mkdir shm";
    }
    snprintf(path, sizeof path, "%s/pts", dir);
    if (mkdir(path, 0755) != 0 || mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC,
            "newinstance,ptmxmode=0666,mode=620") != 0) {
        return "mount devpts";
    }
    return NULL;
}

/* Brings the loopback interface of the current network namespace up; the kernel gives it 127.0.0.1 and ::1. */
static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        return -1;
    }
    struct ifreq r;
    memset(&r, 0, sizeof r);
    strcpy(r.ifr_name, "lo");
    int rc = ioctl(s, SIOCGIFFLAGS, &r);
    if (rc == 0) {
        r.ifr_flags |= IFF_UP | IFF_RUNNING;
        rc = ioctl(s, SIOCSIFFLAGS, &r);
    }
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

/* Enters the host's namespaces of -N again (host_nets); 0, or -1 with errno set. */
static int leave_premade(void) {
    for (int k = 0; k < 4; k++) {
        if (host_nets[k] < 0 || setns(host_nets[k], host_net_types[k]) != 0) {
            return -1;
        }
    }
    premade_ns = 0;
    return 0;
}

/*
 * How many values follow wrapper option OPT: none for -u, two for -m, one for the others. The scans of a request's
 * options outside wrap() (wants_namespaces, release_overlays) step with it, so an option added to wrap() needs only
 * its count here.
 */
static int opt_values(const char *opt) {
    return strcmp(opt, "-u") == 0 ? 0 : strcmp(opt, "-m") == 0 ? 2 : 1;
}

/* Whether argv's wrapper options (before "--") hold -N. */
static int wants_namespaces(int argc, char **argv) {
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i += 1 + opt_values(argv[i])) {
        if (strcmp(argv[i], "-N") == 0) {
            return 1;
        }
    }
    return 0;
}

/* Whether the program after "--" is bwrap (the only runtime whose runs stay in the handler's namespace). */
static int runs_bwrap(int argc, char **argv) {
    for (int i = 1; i < argc - 1; i++) {
        if (strcmp(argv[i], "--") == 0) {
            const char *slash = strrchr(argv[i + 1], '/');
            return strcmp(slash == NULL ? argv[i + 1] : slash + 1, "bwrap") == 0;
        }
    }
    return 0;
}

static int wrap(int argc, char **argv) {
    int unshared = in_handler_ns;
    const char *started = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "-u") == 0 || strcmp(opt, "-m") == 0 || strcmp(opt, "-D") == 0) {
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
            if (strcmp(opt, "-D") == 0) {
                if (i + 1 >= argc) {
                    return usage("-D needs DIR");
                }
                const char *dir = argv[++i];
                if (premade_dev != NULL) {
                    if ((mkdir(dir, 0755) != 0 && errno != EEXIST)
                            || mount(premade_dev, dir, NULL, MS_MOVE, NULL) != 0) {
                        return fail("move the premade /dev to", dir);
                    }
                    premade_dev = NULL;
                } else {
                    const char *step = make_dev(dir);
                    if (step != NULL) {
                        char what[4200];
                        snprintf(what, sizeof what, "for a /dev at %s", dir);
                        return fail(step, what);
                    }
                }
            }
        } else if (strcmp(opt, "-N") == 0 && i + 1 < argc) {
            const char *host = argv[++i];
            if (premade_ns != 1) {
                if (unshare(RUN_NAMESPACES) != 0) {
                    return fail("unshare", "network, IPC, UTS and cgroup namespaces");
                }
                if (loopback_up() != 0) {
                    return fail("bring up", "the loopback interface");
                }
            }
            if (sethostname(host, strlen(host)) != 0) {
                return fail("sethostname", host);
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

/* ---- server mode ---- */

static int write_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return -1;
        }
        p += r;
        n -= (size_t) r;
    }
    return 0;
}

static int read_u32(int fd, uint32_t *v) {
    unsigned char b[4];
    if (read_all(fd, b, 4) != 0) {
        return -1;
    }
    *v = ((uint32_t) b[0] << 24) | ((uint32_t) b[1] << 16) | ((uint32_t) b[2] << 8) | b[3];
    return 0;
}

static int frame(int fd, char type, const void *data, uint32_t n) {
    unsigned char h[5] = {(unsigned char) type, n >> 24, n >> 16, n >> 8, n};
    if (write_all(fd, h, 5) != 0) {
        return -1;
    }
    return n == 0 ? 0 : write_all(fd, data, n);
}

/* Relays what the run wrote to *fd as a frame of this type; at its end (or on a read error) closes it and sets -1. */
static void relay(int conn, char type, int *fd, char *buf, size_t size) {
    ssize_t r = read(*fd, buf, size);
    if (r > 0) {
        frame(conn, type, buf, (uint32_t) r);
    } else if (r == 0 || errno != EINTR) {
        close(*fd);
        *fd = -1;
    }
}

static void exit_frame(int fd, int kind, int value) {
    unsigned char b[8] = {kind >> 24, kind >> 16, kind >> 8, kind, value >> 24, value >> 16, value >> 8, value};
    frame(fd, 'x', b, 8);
}

static void start_failed(int conn, const char *what) {
    char msg[512];
    snprintf(msg, sizeof msg, "dagj-nsexec: %s: %s\n", what, strerror(errno));
    frame(conn, 'e', msg, (uint32_t) strlen(msg));
    exit_frame(conn, 2, 0);
}

#define MAX_REQUEST (64u << 20)

/*
 * SIGKILLs every process that is still a child of this handler (besides the run's own process, reaped already):
 * sandbox processes orphaned when the run was killed are reparented here, the handler being a child subreaper. bwrap
 * with --die-with-parent leaves its inner process running when its outer one dies at the wrong moment (seen when a
 * run is killed right after it started); this catches it. Returns how many it signalled.
 */
static int kill_orphans(void) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int) getpid());
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        return 0;
    }
    int n = 0, pid;
    while (fscanf(f, "%d", &pid) == 1) {
        if (kill(pid, SIGKILL) == 0) {
            n++;
        }
    }
    fclose(f);
    return n;
}

/*
 * After the exit frame, in the handler's own mount namespace: kills and reaps what is left of the run (so nothing
 * keeps a mount busy; normally nothing is), then unmounts the overlay of each "-m DIR" of the request at DIR/m. A plain
 * unmount returns once the overlay is gone, so its upper and work dirs are free; one still busy is detached instead
 * (the namespace ends with the handler anyway). The /dev of "-D DIR" is detached too, so no mount table names the
 * run's directories once the connection has ended.
 */
static void release_overlays(int argc, char **argv) {
    kill_orphans();
    /* reap them, for 2 s at most: one stuck in the kernel must not hold the engine's clean-up forever */
    for (int waited = 0; waited < 2000;) {
        pid_t w = waitpid(-1, NULL, WNOHANG);
        if (w < 0 && errno != EINTR) {
            break; /* no children left */
        }
        if (w == 0) {
            usleep(1000);
            waited++;
        }
    }
    const char *dirs[64];
    int n = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i += 1 + opt_values(argv[i])) {
        if (strcmp(argv[i], "-D") == 0 && i + 1 < argc) {
            umount2(argv[i + 1], MNT_DETACH);
        } else if (strcmp(argv[i], "-m") == 0 && i + 2 < argc && n < 64) {
            dirs[n++] = argv[i + 1];
        }
    }
    while (n > 0) {
        char m[4096];
        snprintf(m, sizeof m, "%s/m", dirs[--n]);
        if (umount2(m, 0) != 0 && errno == EBUSY) {
            umount2(m, MNT_DETACH);
        }
    }
}

/* One run: reads the request from conn, runs it as wrap() on relayed pipes, reports the exit. Never returns. */
static void handle(int conn) {
    uint32_t argc;
    if (read_u32(conn, &argc) != 0 || argc == 0 || argc > 65536) {
        _exit(1);
    }
    char **argv = calloc(argc + 2, sizeof(char *));
    argv[0] = "dagj-nsexec";
    for (uint32_t i = 0; i < argc; i++) {
        uint32_t n;
        if (read_u32(conn, &n) != 0 || n > MAX_REQUEST || (argv[i + 1] = malloc(n + 1)) == NULL
                || read_all(conn, argv[i + 1], n) != 0) {
            _exit(1);
        }
        argv[i + 1][n] = 0;
    }
    uint32_t in_len;
    if (read_u32(conn, &in_len) != 0 || in_len > MAX_REQUEST) {
        _exit(1);
    }
    char *in_buf = malloc(in_len + 1);
    if (in_buf == NULL || read_all(conn, in_buf, in_len) != 0) {
        _exit(1);
    }
    if (in_handler_ns && !runs_bwrap((int) argc + 1, argv)) {
        /* runc needs the host's /sys (cgroups): such a run goes back to the host's namespace, and its wrapper
         * makes one of its own for what it mounts, as when started by the engine */
        if (host_ns < 0 || setns(host_ns, CLONE_NEWNS) != 0) {
            start_failed(conn, "setns to the host's mount namespace");
            _exit(0);
        }
        in_handler_ns = 0;
        premade_dev = NULL; /* it stays in the handler's namespace */
    }
    if (premade_ns < 0) {
        errno = ENETDOWN;
        start_failed(conn, "the sandbox server's handler: its network namespace has no loopback");
        _exit(0);
    }
    if (premade_ns && !(runs_bwrap((int) argc + 1, argv) && wants_namespaces((int) argc + 1, argv))) {
        /* runc makes its own namespaces from its config, and a bwrap run with the host's network wants the host's:
         * neither may run in the ones made for a -N run */
        if (leave_premade() != 0) {
            start_failed(conn, "setns to the host's network, IPC, UTS and cgroup namespaces");
            _exit(0);
        }
    }
    int out[2], err[2], in[2] = {-1, -1};
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || (in_len > 0 && pipe2(in, O_CLOEXEC) != 0)) {
        start_failed(conn, "pipe");
        _exit(0);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_t child = fork();
    if (child < 0) {
        start_failed(conn, "fork");
        _exit(0);
    }
    if (child == 0) {
        int null = in_len > 0 ? in[0] : open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) {
            _exit(125);
        }
        signal(SIGPIPE, SIG_DFL);
        _exit(wrap((int) argc + 1, argv));
    }
    close(out[1]);
    close(err[1]);
    if (in_len > 0) {
        close(in[0]);
        fcntl(in[1], F_SETFL, O_NONBLOCK);
    }
    int pidfd = (int) syscall(SYS_pidfd_open, child, 0);
    uint32_t in_off = 0;
    int status = 0, reaped = 0, killed = 0, listening = 1;
    struct timespec reaped_at = {0, 0};
    char buf[65536];
    while (out[0] >= 0 || err[0] >= 0 || !reaped) {
        struct pollfd p[5];
        int n = 0;
        int i_conn = -1;
        if (listening) {
            i_conn = n;
            p[n++] = (struct pollfd) {conn, POLLIN, 0};
        }
        int i_out = -1, i_err = -1, i_in = -1, i_pid = -1;
        if (out[0] >= 0) {
            i_out = n;
            p[n++] = (struct pollfd) {out[0], POLLIN, 0};
        }
        if (err[0] >= 0) {
            i_err = n;
            p[n++] = (struct pollfd) {err[0], POLLIN, 0};
        }
        if (in[1] >= 0) {
            i_in = n;
            p[n++] = (struct pollfd) {in[1], POLLOUT, 0};
        }
        if (!reaped && pidfd >= 0) {
            i_pid = n;
            p[n++] = (struct pollfd) {pidfd, POLLIN, 0};
        }
        int timeout = -1;
        if (!reaped && pidfd < 0) {
            timeout = 5; /* no pidfd: look for the exit now and then */
        } else if (reaped) {
            /* the run is over; give whatever still holds its output pipes 10 s, as the engine did */
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long ms = 10000 - ((now.tv_sec - reaped_at.tv_sec) * 1000 + (now.tv_nsec - reaped_at.tv_nsec) / 1000000);
            if (ms <= 0) {
                break;
            }
            timeout = (int) ms;
        }
        if (poll(p, (nfds_t) n, timeout) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (i_conn >= 0 && p[i_conn].revents) {
            /* a kill request, or the engine went away: kill the run (once). The bytes are read, so that closing the
             * connection later does not reset it under the engine's last read; at its end it is not polled again. */
            char c[64];
            ssize_t r = recv(conn, c, sizeof c, MSG_DONTWAIT);
            if (r <= 0 && !(r < 0 && (errno == EAGAIN || errno == EINTR))) {
                listening = 0;
            }
            if (!killed && !reaped) {
                kill(child, SIGKILL);
            }
            killed = 1;
        }
        if (i_out >= 0 && p[i_out].revents) {
            relay(conn, 'o', &out[0], buf, sizeof buf);
        }
        if (i_err >= 0 && p[i_err].revents) {
            relay(conn, 'e', &err[0], buf, sizeof buf);
        }
        if (i_in >= 0 && p[i_in].revents) {
            ssize_t w = (p[i_in].revents & POLLOUT) ? write(in[1], in_buf + in_off, in_len - in_off) : -1;
            if (w > 0) {
                in_off += (uint32_t) w;
            }
            if (in_off >= in_len || (w < 0 && errno != EAGAIN && errno != EINTR)) {
                close(in[1]);
                in[1] = -1;
            }
        }
        if (!reaped && (i_pid < 0 || p[i_pid].revents)) {
            pid_t w = waitpid(child, &status, WNOHANG);
            if (w == child) {
                reaped = 1;
                clock_gettime(CLOCK_MONOTONIC, &reaped_at);
                if (in[1] >= 0) {
                    close(in[1]);
                    in[1] = -1;
                }
            }
        }
        if (reaped && killed) {
            /* a killed run leaves nothing behind: orphans that hold its output pipes are killed and reaped */
            kill_orphans();
            while (waitpid(-1, NULL, WNOHANG) > 0) {
            }
        }
    }
    kill_orphans();
    if (!reaped) {
        /* its output stayed open 10 s after a kill request and the pidfd is missing: wait for it */
        waitpid(child, &status, 0);
    }
    if (WIFSIGNALED(status)) {
        exit_frame(conn, 1, WTERMSIG(status));
    } else {
        exit_frame(conn, 0, WEXITSTATUS(status));
    }
    if (in_handler_ns) {
        release_overlays((int) argc + 1, argv);
    }
    _exit(0); /* closes the connection: the engine may now remove the run's directories */
}

static int serve(const char *path) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1) {
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN); /* handlers are reaped by the kernel */
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (s < 0 || strlen(path) >= sizeof a.sun_path) {
        printf("dagj-nsexec: cannot listen on %s\n", path);
        return 1;
    }
    strcpy(a.sun_path, path);
    unlink(path);
    if (bind(s, (struct sockaddr *) &a, sizeof a) != 0 || chmod(path, 0600) != 0 || listen(s, 128) != 0) {
        printf("dagj-nsexec: cannot listen on %s: %s\n", path, strerror(errno));
        return 1;
    }
    /* where handlers make a -D run's /dev: "dev" beside the socket */
    static char dev_path[4096];
    const char *dev_dir = NULL;
    const char *slash = strrchr(path, '/');
    if (slash != NULL && (size_t) (slash - path) + 5 < sizeof dev_path) {
        snprintf(dev_path, sizeof dev_path, "%.*s/dev", (int) (slash - path), path);
        if (mkdir(dev_path, 0755) == 0 || errno == EEXIST) {
            dev_dir = dev_path;
        }
    }
    printf("ready\n");
    fflush(stdout);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC); /* no handler's run may inherit it */
    dup2(null, 1);
    /* One handler is forked ahead and waits in accept() itself, so a run does not wait for a fork of the server;
     * when it has a connection (or dies) it closes its end of "next", and the server forks the next one. */
    int next = -1;
    for (;;) {
        if (next < 0) {
            int ready[2];
            if (pipe2(ready, O_CLOEXEC) != 0) {
                return 1;
            }
            pid_t h = fork();
            if (h < 0) {
                return 1;
            }
            if (h == 0) {
                close(ready[0]);
                dup2(null, 0);
                signal(SIGCHLD, SIG_DFL);
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() == 1) {
                    _exit(1);
                }
                /* the run's mounts go here (see the top of this file); a slave copy, so the host's later mounts
                 * still show up while it waits. Without it (no privilege) each run makes its own, as before. */
                host_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
                in_handler_ns = host_ns >= 0 && unshare(CLONE_NEWNS) == 0
                        && mount("none", "/", NULL, MS_REC | MS_SLAVE, NULL) == 0;
                /* A -N run's namespaces, made here too, off the run's path (bwrap's --unshare-net alone costs about a
                 * millisecond a run: making the namespace and bringing lo up, and tearing it down when the run's
                 * last process exits, before the exit frame); they end with the handler, after it. The host's
                 * are kept open for the runs that must not use them. Without privilege, -N unshares as before. */
                int opened = 1;
                for (int k = 0; k < 4; k++) {
                    char f[32];
                    snprintf(f, sizeof f, "/proc/self/ns/%s", host_net_files[k]);
                    host_nets[k] = open(f, O_RDONLY | O_CLOEXEC);
                    opened &= host_nets[k] >= 0;
                }
                if (opened && getenv("DAGJ_NSEXEC_NO_PREMADE") == NULL && unshare(RUN_NAMESPACES) == 0) {
                    premade_ns = 1;
                    if (loopback_up() != 0 && leave_premade() != 0) {
                        premade_ns = -1; /* stuck in namespaces without loopback: its run fails (handle()) */
                    }
                }
                if (in_handler_ns) {
                    /* bwrap copies this namespace's mount table into its own and tears that down again: /sys and
                     * the cgroup mounts under it, which no bwrap sandbox gets, cost it ~0.7 ms a run here */
                    umount2("/sys", MNT_DETACH);
                    /* a -D run's /dev, made here (about 0.5 ms of bwrap's --dev a run), in the server's directory
                     * (the mount is this namespace's alone); moved to the run's -D DIR */
                    if (dev_dir != NULL) {
                        if (make_dev(dev_dir) == NULL) {
                            premade_dev = dev_dir;
                        } else {
                            umount2(dev_dir, MNT_DETACH);
                        }
                    }
                }
                int c;
                while ((c = accept4(s, NULL, NULL, SOCK_CLOEXEC)) < 0) {
                    if (errno != EINTR && errno != ECONNABORTED) {
                        _exit(1);
                    }
                }
                close(ready[1]);
                close(s);
                /* From here the connection, not the server, ties the run to the engine: when the engine dies its
                 * end closes and the handler SIGKILLs the run before leaving. Dying with the server instead would
                 * leave the run to bwrap's own --die-with-parent, which was seen to leave bwrap running. */
                prctl(PR_SET_PDEATHSIG, 0);
                handle(c);
            }
            close(ready[1]);
            next = ready[0];
        }
        struct pollfd p[2] = {{next, POLLIN, 0}, {0, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        if (p[1].revents) {
            unlink(path);
            return 0; /* the engine closed our stdin, or died */
        }
        if (p[0].revents) {
            close(next);
            next = -1;
        }
    }
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "-S") == 0) {
        return serve(argv[2]);
    }
    return wrap(argc, argv);
}

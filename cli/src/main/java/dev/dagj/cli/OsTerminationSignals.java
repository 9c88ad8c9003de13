package dev.dagj.cli;

import sun.misc.Signal;

/**
 * {@link TerminationSignals} over the JDK's {@code sun.misc.Signal} (module jdk.unsupported): SIGTERM and SIGINT. It lets
 * the JVM exit 0 on SIGTERM, which the npm SDK requires, without halting from a shutdown hook; javac warns that it is
 * internal API.
 */
final class OsTerminationSignals implements TerminationSignals {
    @Override
    public void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> action.run());
        }
    }
}

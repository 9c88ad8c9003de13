package dev.dagj.cli;

import sun.misc.Signal;

/** {@link TerminationSignals} over the JDK's {@code sun.misc.Signal}: SIGTERM and SIGINT. */
final class OsTerminationSignals implements TerminationSignals {
    @Override
    public void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> action.run());
        }
    }
}

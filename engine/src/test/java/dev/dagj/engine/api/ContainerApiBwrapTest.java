package dev.dagj.engine.api;

import dev.dagj.engine.exec.BackendPreference;

/** The container API behaviour tests on the bwrap backend. */
class ContainerApiBwrapTest extends ContainerBehaviourTests {
    @Override
    BackendPreference backend() {
        return BackendPreference.BWRAP;
    }
}

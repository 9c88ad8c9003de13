package dev.dagj.engine.api;

import dev.dagj.engine.exec.BackendPreference;

/** The container API behaviour tests on the runc backend. */
class ContainerApiRuncTest extends ContainerBehaviourTests {
    @Override
    BackendPreference backend() {
        return BackendPreference.RUNC;
    }
}

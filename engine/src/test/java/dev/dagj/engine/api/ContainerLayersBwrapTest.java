package dev.dagj.engine.api;

import dev.dagj.engine.exec.BackendPreference;

/** The container layer tests on the bwrap backend. */
class ContainerLayersBwrapTest extends ContainerLayerTests {
    @Override
    BackendPreference backend() {
        return BackendPreference.BWRAP;
    }
}

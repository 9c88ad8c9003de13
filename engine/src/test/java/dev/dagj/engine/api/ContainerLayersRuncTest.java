package dev.dagj.engine.api;

import dev.dagj.engine.exec.BackendPreference;

/** The container layer tests on the runc backend. */
class ContainerLayersRuncTest extends ContainerLayerTests {
    @Override
    BackendPreference backend() {
        return BackendPreference.RUNC;
    }
}

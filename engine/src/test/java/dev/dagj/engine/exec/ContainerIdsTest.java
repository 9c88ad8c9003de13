package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerIdsTest {
    @Test
    void namesCarryTheirLiveOwner() {
        String id = new ContainerIds().next();
        assertThat(id).matches("dagj-\\d+-\\d+-[0-9a-f]{16}").startsWith("dagj-" + ProcessHandle.current().pid() + "-");
        assertThat(ContainerIds.isOurs(id)).isTrue();
        assertThat(ContainerIds.ownerAlive(id)).isTrue();
    }

    @Test
    void anOwnerThatIsGoneOrUnknownIsStale() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        p.waitFor();
        assertThat(ContainerIds.ownerAlive("dagj-" + pid + "-1-0123456789abcdef")).isFalse();
        // the same pid with another start time is another process
        String self = ContainerIds.OWNER.substring(0, ContainerIds.OWNER.indexOf('-'));
        assertThat(ContainerIds.ownerAlive("dagj-" + self + "-1-0123456789abcdef")).isFalse();
        assertThat(ContainerIds.ownerAlive("dagj-0123456789abcdef")).as("an older engine's name").isFalse();
        assertThat(ContainerIds.ownerAlive("dagj-x-y-z")).isFalse();
    }
}

package org.jvirt.spi;

import java.util.List;
import org.jvirt.api.Records.DomainFSInfo;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.DomainTime;
import org.jvirt.api.Records.SecurityLabel;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.DomainRef;

/** What a driver learns from or does inside the guest (mostly through a guest agent), and security labels. */
public interface DomainGuest {
    default DomainTime getTime(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetTime"); }

    default void setTime(DomainRef dom, long seconds, int nseconds, int flags) {
        throw Unsupported.of("virDomainSetTime");
    }

    default TypedParams getGuestVcpus(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetGuestVcpus"); }

    default void setGuestVcpus(DomainRef dom, String cpumap, boolean state, int flags) {
        throw Unsupported.of("virDomainSetGuestVcpus");
    }

    default TypedParams getGuestInfo(DomainRef dom, int types, int flags) {
        throw Unsupported.of("virDomainGetGuestInfo");
    }

    default int fsFreeze(DomainRef dom, List<String> mountpoints, int flags) {
        throw Unsupported.of("virDomainFSFreeze");
    }

    default int fsThaw(DomainRef dom, List<String> mountpoints, int flags) { throw Unsupported.of("virDomainFSThaw"); }

    default void fsTrim(DomainRef dom, String mountPoint, long minimum, int flags) {
        throw Unsupported.of("virDomainFSTrim");
    }

    default List<DomainFSInfo> getFSInfo(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetFSInfo"); }

    default List<DomainInterface> interfaceAddresses(DomainRef dom, int source, int flags) {
        throw Unsupported.of("virDomainInterfaceAddresses");
    }

    default void setUserPassword(DomainRef dom, String user, String password, int flags) {
        throw Unsupported.of("virDomainSetUserPassword");
    }

    default void agentSetResponseTimeout(DomainRef dom, int timeout, int flags) {
        throw Unsupported.of("virDomainAgentSetResponseTimeout");
    }

    default SecurityLabel getSecurityLabel(DomainRef dom) { throw Unsupported.of("virDomainGetSecurityLabel"); }

    default List<SecurityLabel> getSecurityLabelList(DomainRef dom) {
        throw Unsupported.of("virDomainGetSecurityLabelList");
    }

    default List<String> getMessages(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetMessages"); }

    default String qemuMonitorCommand(DomainRef dom, String cmd, int flags) {
        throw Unsupported.of("virDomainQemuMonitorCommand");
    }

    default String qemuAgentCommand(DomainRef dom, String cmd, int timeout, int flags) {
        throw Unsupported.of("virDomainQemuAgentCommand");
    }
}

package org.jvirt.driver.test;

import java.nio.file.Path;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;

/**
 * The test driver as ServiceLoader finds it. test:///default connections share one state, created on the first
 * open and discarded when the last one closes (libvirt's defaultPrivconn with its refcount); the state lives in this
 * provider instance, so sharing holds for every connection opened through the same provider. A custom node file
 * gives each connection a private state.
 */
public final class TestDriverProvider implements DriverProvider {
    private TestDriver defaultState;
    private int defaultRefs;

    @Override
    public String name() {
        return "Test";
    }

    @Override
    public OpenResult open(OpenRequest request) {
        ConnectUri uri = request.uri();
        if (uri == null || !"test".equals(uri.driver()) || !uri.isLocal()) {
            return DriverProvider.declined();
        }
        String path = uri.path();
        if (path == null || !path.startsWith("/")) {
            throw Errors.of(ErrorNumber.INVALID_ARG, "testOpen: supply a path or use test:///default");
        }
        if (path.equals("/default")) {
            TestDriver state = acquireDefault();
            return new OpenResult.Opened(new TestConnection(state, uri.text(), this::releaseDefault));
        }
        TestDriver state = NodeFileLoader.loadFile(Path.of(path));
        return new OpenResult.Opened(new TestConnection(state, uri.text(), TestDriver::close));
    }

    private synchronized TestDriver acquireDefault() {
        if (defaultState == null) {
            defaultState = NodeFileLoader.loadDefault();
        }
        defaultRefs++;
        return defaultState;
    }

    private synchronized void releaseDefault(TestDriver state) {
        if (state == defaultState && --defaultRefs == 0) {
            defaultState.close();
            defaultState = null;
        }
    }
}

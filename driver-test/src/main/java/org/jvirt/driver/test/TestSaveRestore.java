package org.jvirt.driver.test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.spi.DomainSaveRestore;
import org.jvirt.spi.Refs.DomainRef;

/**
 * Save, restore, managed save and core dump. A save image is what the test driver writes: the 15-byte magic
 * "TestGuestMagic\0", the XML's length as a native (little-endian) 32-bit int, and the domain's live XML.
 */
final class TestSaveRestore implements DomainSaveRestore {
    static final byte[] MAGIC = "TestGuestMagic\0".getBytes(StandardCharsets.US_ASCII);
    private static final int XML_SECURE = 1;

    private final TestDriver driver;

    TestSaveRestore(TestDriver driver) {
        this.driver = driver;
    }

    @Override
    public void save(DomainRef dom, String to, String dxml, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSaveFlags");
        if (dxml != null) {
            throw Errors.of(ErrorNumber.ARGUMENT_UNSUPPORTED, "xml modification unsupported");
        }
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestLifecycle.requireActive(obj);
            byte[] xml = driver.domainXml.format(obj.def, XML_SECURE, obj.id).getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + xml.length).order(ByteOrder.LITTLE_ENDIAN);
            buf.put(MAGIC).putInt(xml.length).put(xml);
            write(Path.of(to), buf.array(), "saving domain '" + obj.name() + "' to '" + to + "': write failed");
            TestLifecycle.stop(driver, obj, DomainStates.SHUTOFF_SAVED, DomainStates.STOPPED_SAVED);
        });
    }

    @Override
    public void restore(String from, String dxml, int flags) {
        Errors.checkFlags(flags, 0, "testDomainRestoreFlags");
        if (dxml != null) {
            throw Errors.of(ErrorNumber.ARGUMENT_UNSUPPORTED, "xml modification unsupported");
        }
        String xml = readImage(from);
        DomainDef def = TestDomainStore.generateIfnames(driver.domainXml.parse(xml));
        driver.lockedRun(() -> {
            TestDomainObj existing = TestDomainStore.checkDuplicate(driver, def, true);
            TestDomainObj obj;
            if (existing == null) {
                obj = new TestDomainObj(def);
                driver.domains.put(def.uuid(), obj);
            } else {
                obj = existing;
                if (obj.persistent) {
                    obj.newDef = obj.def;
                }
                obj.def = def;
            }
            TestLifecycle.startState(driver, obj, DomainStates.RUNNING_RESTORED);
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_STARTED,
                    DomainStates.STARTED_RESTORED));
        });
    }

    /** testDomainSaveImageOpen: checks the magic and length and returns the image's domain XML. */
    static String readImage(String from) {
        byte[] data;
        try {
            data = Files.readAllBytes(Path.of(from));
        } catch (IOException e) {
            throw Errors.of(ErrorNumber.SYSTEM_ERROR, "cannot read domain image '" + from + "'");
        }
        if (data.length < MAGIC.length) {
            throw Errors.internal("incomplete save header in '" + from + "'");
        }
        if (!Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw Errors.internal("mismatched header magic");
        }
        if (data.length < MAGIC.length + 4) {
            throw Errors.internal("failed to read metadata length in '" + from + "'");
        }
        int len = ByteBuffer.wrap(data, MAGIC.length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (len < 1 || len > 8192 * 1024) {
            throw Errors.internal("length of metadata out of range");
        }
        if (data.length < MAGIC.length + 4 + len) {
            throw Errors.internal("incomplete metadata in '" + from + "'");
        }
        return new String(data, MAGIC.length + 4, len, StandardCharsets.UTF_8);
    }

    @Override
    public String saveImageGetXMLDesc(String file, int flags) {
        Errors.checkFlags(flags, XML_SECURE, "testDomainSaveImageGetXMLDesc");
        DomainDef def = driver.domainXml.parse(readImage(file));
        return driver.domainXml.format(def, 2 | flags, -1);
    }

    /** testDomainSaveImageDefineXML: replaces the image's XML, keeping the magic and layout. */
    @Override
    public void saveImageDefineXML(String file, String dxml, int flags) {
        Errors.checkFlags(flags, 0x3, "testDomainSaveImageDefineXML");
        readImage(file);
        DomainDef def = driver.domainXml.parse(dxml);
        byte[] xml = driver.domainXml.format(def, XML_SECURE, -1).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + xml.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(xml.length).put(xml);
        write(Path.of(file), buf.array(), "saving domain '" + def.name() + "' to '" + file + "': write failed");
    }

    @Override
    public void managedSave(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0x1 | 0x2 | 0x4, "testDomainManagedSave");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestLifecycle.requireActive(obj);
            if (!obj.persistent) {
                throw Errors.operationInvalid("cannot do managed save for transient domain");
            }
            TestLifecycle.stop(driver, obj, DomainStates.SHUTOFF_SAVED, DomainStates.STOPPED_SAVED);
            obj.hasManagedSave = true;
        });
    }

    @Override
    public boolean hasManagedSaveImage(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainHasManagedSaveImage");
        return driver.locked(() -> driver.domain(dom).hasManagedSave);
    }

    @Override
    public void managedSaveRemove(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainManagedSaveRemove");
        driver.lockedRun(() -> driver.domain(dom).hasManagedSave = false);
    }

    /** virDomainCoreDumpWithFormat: writes the magic alone; with VIR_DUMP_CRASH the domain then stops crashed. */
    void coreDump(DomainRef dom, String to, int dumpformat, int flags) {
        Errors.checkFlags(flags, 0x1 | 0x4, "testDomainCoreDumpWithFormat");
        if (dumpformat != 0) {
            throw Errors.of(ErrorNumber.OPERATION_UNSUPPORTED, "kdump-compressed format is not supported here");
        }
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestLifecycle.requireActive(obj);
            write(Path.of(to), MAGIC, "domain '" + obj.name() + "' coredump: failed to write header to " + to);
            if ((flags & 0x1) != 0) {
                TestLifecycle.stop(driver, obj, DomainStates.SHUTOFF_CRASHED, DomainStates.STOPPED_CRASHED);
            }
        });
    }

    private static void write(Path p, byte[] data, String error) {
        try {
            if (!Files.exists(p)) {
                try {
                    Files.createFile(p, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(p);
                }
            }
            Files.write(p, data, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw Errors.of(ErrorNumber.SYSTEM_ERROR, error);
        }
    }
}

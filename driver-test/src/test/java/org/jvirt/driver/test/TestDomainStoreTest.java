package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestDomainStoreTest {
    private static final String XML = "<domain type='test'><name>%s</name><uuid>%s</uuid><memory>1024</memory>"
            + "<os><type>hvm</type></os></domain>";
    private static final String TEST_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    private HypervisorConnection c;
    private DomainRef test;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
        test = c.domains().lookupByName("test");
    }

    @AfterEach
    void close() {
        c.close();
    }

    @Test
    void lookupFailuresAreBareNoDomain() {
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST, "Domain not found",
                () -> c.domains().lookupByName("nope"));
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST, "Domain not found",
                () -> c.domains().lookupById(5));
        assertEquals(test, c.domains().lookupById(1));
        assertEquals(test, c.domains().lookupByUUID(test.uuid()));
    }

    @Test
    void defineAddsAnInactivePersistentDomain() {
        DomainRef a = c.domains().defineXML(XML.formatted("a", "11111111-2222-3333-4444-555555555555"), 0);
        assertEquals(-1, a.id());
        assertTrue(c.domains().isPersistent(a));
        assertFalse(c.domains().isActive(a));
        assertEquals(1, c.domains().numOfDefinedDomains());
        assertEquals(List.of("a"), c.domains().listDefinedDomains(10));
        assertEquals(1, c.domains().numOfDomains());
        assertEquals(1, c.domains().listDomainIds(10)[0]);
    }

    @Test
    void defineWithTakenUuidUnderAnotherNameFails() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN,
                "operation failed: domain 'test' is already defined with uuid " + TEST_UUID,
                () -> c.domains().defineXML(XML.formatted("other", TEST_UUID), 0));
    }

    @Test
    void defineWithTakenNameUnderAnotherUuidFails() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN,
                "operation failed: domain 'test' already exists with uuid " + TEST_UUID,
                () -> c.domains().defineXML(XML.formatted("test", "11111111-2222-3333-4444-555555555555"), 0));
    }

    @Test
    void createOfRunningDomainIsOperationInvalid() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain 'test' is already active",
                () -> c.domains().createXML(XML.formatted("test", TEST_UUID), 0));
    }

    @Test
    void redefiningARunningDomainKeepsTheLiveDefinition() {
        c.domains().defineXML(XML.formatted("test", TEST_UUID), 0);
        assertEquals(2, c.lifecycle().getInfo(test).nrVirtCpu());
        assertEquals(8388608L, c.tuning().getMaxMemory(test));
        c.lifecycle().destroy(test, 0);
        assertEquals(1024L, c.tuning().getMaxMemory(test));
    }

    @Test
    void undefineFlagsBeyondManagedSaveAndSnapshotsAreRejected() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0xfc) in function testDomainUndefineFlags",
                () -> c.domains().undefine(test, 0xff));
    }

    @Test
    void listAllFiltersByStateAndPersistence() {
        c.domains().defineXML(XML.formatted("a", "11111111-2222-3333-4444-555555555555"), 0);
        assertEquals(List.of("test"), names(c.domains().listAll(1)));
        assertEquals(List.of("a"), names(c.domains().listAll(2)));
        assertEquals(List.of("a"), names(c.domains().listAll(64)));
        assertEquals(List.of("test", "a"), names(c.domains().listAll(4)));
        assertEquals(List.of(), names(c.domains().listAll(8)));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x40000000) in function testConnectListAllDomains",
                () -> c.domains().listAll(1 << 30));
    }

    private static List<String> names(List<DomainRef> refs) {
        return refs.stream().map(DomainRef::name).toList();
    }

    @Test
    void interfacesWithoutTargetGetTestnetNames() {
        DomainRef a = c.domains().defineXML("<domain type='test'><name>n</name><memory>1024</memory>"
                + "<os><type>hvm</type></os><devices><interface type='network'><source network='default'/>"
                + "</interface><interface type='network'><source network='default'/></interface></devices>"
                + "</domain>", 0);
        String xml = c.domains().getXMLDesc(a, 0);
        assertTrue(xml.contains("<target dev='testnet0'/>"), xml);
        assertTrue(xml.contains("<target dev='testnet1'/>"), xml);
    }

    @Test
    void xmlOfRunningDomainCarriesItsId() {
        assertTrue(c.domains().getXMLDesc(test, 0).startsWith("<domain type='test' id='1'>"));
        assertTrue(c.domains().getXMLDesc(test, 2).startsWith("<domain type='test'>"));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x100000) in function testDomainGetXMLDesc",
                () -> c.domains().getXMLDesc(test, 1 << 20));
    }

    @Test
    void metadataTitleAndDescriptionFollowLiveAndConfig() {
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_METADATA, ErrorDomain.DOMAIN,
                "metadata not found: Requested metadata element is not present",
                () -> c.domains().getMetadata(test, 0, null, 0));
        c.domains().setMetadata(test, 1, "My title", null, null, 0);
        c.domains().setMetadata(test, 0, "My desc", null, null, 1);
        assertEquals("My desc", c.domains().getMetadata(test, 0, null, 0));
        assertEquals("My title", c.domains().getMetadata(test, 1, null, 0));
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_METADATA, ErrorDomain.DOMAIN,
                "metadata not found: Requested metadata element is not present",
                () -> c.domains().getMetadata(test, 0, null, 2));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "metadata title can't contain newlines", () -> c.domains().setMetadata(test, 1, "a\nb", null,
                        null, 0));
    }

    @Test
    void metadataElementsAreKeptUnderTheirNamespace() {
        c.domains().setMetadata(test, 2, "<foo a=\"1\"><bar/></foo>", "p", "http://x/", 0);
        assertEquals("<foo a=\"1\">\n  <bar/>\n</foo>", c.domains().getMetadata(test, 2, "http://x/", 0));
        assertTrue(c.domains().getXMLDesc(test, 0).contains("<p:foo xmlns:p=\"http://x/\" a=\"1\">"));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "key in virDomainSetMetadata must not be NULL",
                () -> c.domains().setMetadata(test, 2, "<foo/>", null, "http://x/", 0));
    }

    @Test
    void renameNeedsAnInactivePersistentDomain() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot rename active domain",
                () -> c.domains().rename(test, "n", 0));
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: Can't rename domain to itself",
                () -> c.domains().rename(test, "test", 0));
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: name a/b cannot contain '/'", () -> c.domains().rename(test, "a/b", 0));
        DomainRef renamed = c.domains().rename(test, "n2", 0);
        assertEquals("n2", renamed.name());
        assertEquals(List.of("n2"), names(c.domains().listAll(0)));
    }

    @Test
    void lookupByNameFollowsRenameUndefineAndRedefine() {
        c.lifecycle().destroy(test, 0);
        DomainRef renamed = c.domains().rename(test, "n2", 0);
        assertEquals(renamed, c.domains().lookupByName("n2"));
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST, "Domain not found",
                () -> c.domains().lookupByName("test"));
        // The old name is free again, the new one is taken.
        DomainRef again = c.domains().defineXML(XML.formatted("test", "11111111-2222-3333-4444-555555555555"), 0);
        assertEquals(again, c.domains().lookupByName("test"));
        TestSupport.assertVirError(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN,
                "operation failed: domain 'n2' already exists with uuid " + TEST_UUID,
                () -> c.domains().defineXML(XML.formatted("n2", "11111111-2222-3333-4444-666666666666"), 0));
        c.domains().undefine(renamed, 0);
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST, "Domain not found",
                () -> c.domains().lookupByName("n2"));
        // Redefining a UUID under its own name keeps one entry, found by name.
        c.domains().defineXML(XML.formatted("test", "11111111-2222-3333-4444-555555555555"), 0);
        assertEquals(again, c.domains().lookupByName("test"));
        for (int i = 0; i < 200; i++) {
            c.domains().defineXML(XML.formatted("d" + i, "11111111-2222-3333-4444-%012d".formatted(i)), 0);
        }
        assertEquals("d123", c.domains().lookupByName("d123").name());
        assertEquals(201, c.domains().listAll(0).size());
    }

    @Test
    void autostartOsTypeAndHostname() {
        assertFalse(c.domains().getAutostart(test));
        c.domains().setAutostart(test, true);
        assertTrue(c.domains().getAutostart(test));
        assertEquals("linux", c.domains().getOSType(test));
        assertEquals("testhost", c.domains().getHostname(test, 0));
        assertFalse(c.domains().isUpdated(test));
    }
}

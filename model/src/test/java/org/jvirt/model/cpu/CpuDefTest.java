package org.jvirt.model.cpu;

import static org.jvirt.model.cpu.CpuMapReaderTest.assertVirError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.xml.XmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host CPU parsing as the baseline API reads its input (texts checked against libvirt 9.0.0). */
class CpuDefTest {
    private final XmlParser parser = new XmlParser();

    private CpuDef parse(String xml) {
        return CpuDef.parseHost(parser, xml);
    }

    @Test
    void hostCpuFields() {
        CpuDef cpu = parse("<cpu match='exact'><arch>x86_64</arch><model fallback='bogus'> Haswell </model>"
                + "<vendor></vendor><feature policy='disable' name='vmx'/><feature name='aes'/>"
                + "<topology sockets='1' cores='2' threads='1'/><microcode version='5'/></cpu>");
        // a host CPU keeps the model text as is, ignores policies and takes an empty vendor for none
        assertEquals(new CpuDef("x86_64", " Haswell ", false, null,
                List.of(new CpuDef.Feature("vmx", null), new CpuDef.Feature("aes", null))), cpu);
    }

    @Test
    void errorsInLibvirtsOrder() {
        assertVirError(ErrorNumber.XML_ERROR, "XML error: XML does not contain expected 'cpu' element",
                () -> parse("<foo/>"));
        assertVirError(ErrorNumber.CONFIG_UNSUPPORTED,
                "unsupported configuration: Attribute mode is only allowed for guest CPU",
                () -> parse("<cpu mode='custom'><model>X</model></cpu>"));
        assertVirError(ErrorNumber.XML_ERROR, "XML error: Missing CPU architecture",
                () -> parse("<cpu><model>X</model></cpu>"));
        assertVirError(ErrorNumber.CONFIG_UNSUPPORTED, "unsupported configuration: Unknown architecture  x86_64",
                () -> parse("<cpu><arch> x86_64</arch></cpu>"));
        assertVirError(ErrorNumber.CONFIG_UNSUPPORTED, "unsupported configuration: invalid microcode version",
                () -> parse("<cpu><arch>x86_64</arch><microcode version='x'/></cpu>"));
        assertVirError(ErrorNumber.XML_ERROR, "XML error: Missing CPU model name",
                () -> parse("<cpu><arch>x86_64</arch><model></model><vendor>Intel</vendor></cpu>"));
        assertVirError(ErrorNumber.XML_ERROR, "XML error: Invalid CPU feature name",
                () -> parse("<cpu><arch>x86_64</arch><model>X</model><feature name=''/></cpu>"));
        assertVirError(ErrorNumber.XML_ERROR, "XML error: CPU feature 'vmx' specified more than once",
                () -> parse("<cpu><arch>x86_64</arch><model>X</model><feature name='vmx'/>"
                        + "<feature name='vmx' policy='disable'/></cpu>"));
        assertVirError(ErrorNumber.XML_ERROR, "XML error: invalid CPU cache level, must be in range [1,3]",
                () -> parse("<cpu><arch>x86_64</arch><model>X</model><cache level='5' mode='emulate'/></cpu>"));
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "Haswell");
        assertVirError(ErrorNumber.XML_ERROR, "XML error: Missing CPU model name",
                () -> parse("<!DOCTYPE cpu [<!ENTITY x SYSTEM 'file://" + secret + "'>]>"
                        + "<cpu><arch>x86_64</arch><model>&x;</model></cpu>"));
    }

    @Test
    void malformedXmlIsReportedAsACpuDefinition() {
        assertVirError(ErrorNumber.XML_DETAIL,
                "(CPU_definition):1: Couldn't find end of Start Tag cpu line 1\n<cpu\n----^", () -> parse("<cpu"));
    }
}

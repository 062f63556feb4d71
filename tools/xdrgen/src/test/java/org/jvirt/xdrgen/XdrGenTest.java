package org.jvirt.xdrgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class XdrGenTest {
    private static final String SPEC = """
            /* -*- c -*- */
            %#include "internal.h"
            const DEMO_STRING_MAX = 64;
            const DEMO_LIST_MAX = 0x10;
            typedef string demo_nonnull_string<DEMO_STRING_MAX>;
            typedef demo_nonnull_string *demo_string;
            typedef opaque demo_uuid[VIR_UUID_BUFLEN];
            enum demo_kind { DEMO_KIND_A = 0, DEMO_KIND_B = 1 };
            struct demo_nonnull_thing { demo_nonnull_string name; demo_uuid uuid; };
            typedef demo_nonnull_thing *demo_thing;
            union demo_value switch (int type) {
             case VIR_TYPED_PARAM_INT: int i;
             case VIR_TYPED_PARAM_STRING: demo_nonnull_string s;
            };
            struct demo_get_things_args {
                demo_thing maybe;
                demo_string label;
                unsigned int flags;
                unsigned hyper size;
                unsigned char state;
                char model[4];
                opaque cookie<>;
                demo_nonnull_string names<DEMO_LIST_MAX>;
                demo_kind kind;
                demo_value value;
            };
            struct demo_get_things_ret { demo_nonnull_thing things<>; };
            const DEMO_PROGRAM = 0x12345678;
            const DEMO_PROTOCOL_VERSION = 1;
            enum demo_procedure {
                /**
                 * @generate: both
                 * @priority: high
                 * @acl: connect:read
                 * @acl: domain:write:VIR_DOMAIN_AFFECT_CONFIG
                 * @aclfilter: domain:getattr
                 */
                DEMO_PROC_GET_THINGS = 1,
                /**
                 * @acl: none
                 * @readstream: 1
                 */
                DEMO_PROC_DOWNLOAD = 2
            };
            """;

    private static Program demo() {
        return Program.of("demo", "src/demo_protocol.x", "demo_", "DEMO_", "Demo",
                XParser.parse("demo_protocol.x", SPEC), List.of());
    }

    @Test
    void parsesEveryDefinitionKind() {
        XSpec spec = XParser.parse("demo_protocol.x", SPEC);
        assertEquals(List.of("DEMO_STRING_MAX", "DEMO_LIST_MAX", "demo_nonnull_string", "demo_string", "demo_uuid",
                "demo_kind", "demo_nonnull_thing", "demo_thing", "demo_value", "demo_get_things_args",
                "demo_get_things_ret", "DEMO_PROGRAM", "DEMO_PROTOCOL_VERSION", "demo_procedure"),
                spec.defs().stream().map(XSpec.Def::name).toList());
    }

    @Test
    void resolvesTypedefsBoundsAndShapes() {
        Program p = demo();
        XSpec.StructDef args = (XSpec.StructDef) p.defs().get("demo_get_things_args");
        List<String> described = args.fields().stream().map(f -> f.name() + " " + p.resolve(f).describe()).toList();
        assertEquals(List.of("maybe demo.NonnullThing*", "label string<64>*", "flags unsigned int",
                "size unsigned hyper", "state unsigned char", "model char[4]", "cookie opaque<>",
                "names string<64><16>", "kind int", "value demo.Value"), described);
    }

    @Test
    void writesRecordsWithAnnotationsAndConstantNames() {
        Map<String, String> files = new JavaEmitter(demo()).emit();
        String args = files.get("GetThingsArgs.java");
        assertTrue(args.startsWith(JavaEmitter.HEADER), args);
        assertTrue(args.contains("@XdrOptional NonnullThing maybe"), args);
        assertTrue(args.contains("@XdrOptional @XdrMax(DemoConstants.STRING_MAX) String label"), args);
        assertTrue(args.contains("@XdrUnsigned long size"), args);
        assertTrue(args.contains("@XdrFixed(4) List<Byte> model"), args);
        assertTrue(args.contains("@XdrMax(DemoConstants.LIST_MAX) List<@XdrMax(DemoConstants.STRING_MAX) String> names"),
                args);
        String union = files.get("Value.java");
        assertTrue(union.contains("@XdrCase(7)\n    record String(java.lang.@XdrMax(DemoConstants.STRING_MAX) String s)"),
                union);
        assertTrue(files.get("DemoConstants.java").contains("public static final int PROGRAM = 0x12345678;"));
        assertTrue(files.get("Kind.java").contains("public static final int KIND_B = 1;"));
    }

    @Test
    void proceduresTakeRecordsByNameAndAnnotationsFromComments() {
        List<JavaEmitter.Proc> procs = JavaEmitter.procedures(demo());
        JavaEmitter.Proc get = procs.get(0);
        assertEquals("GET_THINGS", get.javaName());
        assertEquals("GetThingsArgs", get.args().javaName());
        assertEquals("GetThingsRet", get.ret().javaName());
        assertEquals("high", get.priority());
        assertEquals(List.of("connect:read", "domain:write:VIR_DOMAIN_AFFECT_CONFIG"), get.acl());
        assertEquals(List.of("domain:getattr"), get.aclFilter());
        JavaEmitter.Proc download = procs.get(1);
        assertEquals(null, download.args());
        assertEquals("low", download.priority());
        assertEquals(List.of(), download.acl());
        assertEquals("read", download.stream());
    }

    @Test
    void namesFollowLibvirtToJavaRules() {
        assertEquals("DomainGetStateArgs", Names.type("remote_domain_get_state_args", "remote_"));
        assertEquals("MessageHeader", Names.type("virNetMessageHeader", "virNet"));
        assertEquals("cpuTime", Names.field("cpu_time"));
        assertEquals("usageID", Names.field("usageID"));
        assertEquals("native_", Names.field("native"));
    }

    @Test
    void syntaxErrorsNameFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XParser.parse("x.x", "const A = 1;\nstruct s { int a }; "));
        assertTrue(e.getMessage().startsWith("x.x:2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Program.of("x", "x.x", "x_", "X_", "X", XParser.parse("x.x", "struct x_a { x_nope b; };"),
                        List.of()).resolve(new XSpec.Decl("x_nope", "b", XSpec.Shape.PLAIN, null)));
    }

    @Test
    void committedRpcSourcesAreWhatTheGeneratorWrites() throws IOException {
        String ref = System.getProperty("xdrgen.reference");
        String rpcDir = System.getProperty("xdrgen.rpc");
        Assumptions.assumeTrue(ref != null && Files.isDirectory(Path.of(ref)),
                "libvirt reference not found at " + ref + ": skipping the up-to-date check");
        Path rpc = Path.of(rpcDir);
        XdrGen.Output out = XdrGen.generate(Path.of(ref));
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> f : out.files().entrySet()) {
            Path committed = rpc.resolve(f.getKey());
            if (!Files.exists(committed)
                    || !Files.readString(committed, StandardCharsets.UTF_8).equals(f.getValue())) {
                stale.add(f.getKey());
            }
        }
        for (Program p : XdrGen.load(Path.of(ref))) {
            try (Stream<Path> files = Files.list(rpc.resolve(XdrGen.packageDir(p)))) {
                files.map(f -> rpc.relativize(f).toString()).filter(f -> !out.files().containsKey(f))
                        .forEach(f -> stale.add(f + " (not generated)"));
            }
        }
        assertEquals(List.of(), stale, "regenerate with " + JavaEmitter.REGEN);
        assertTrue(out.summary().getLast().contains("472 procedures"), out.summary().getLast());
    }
}

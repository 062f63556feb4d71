package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** virsh's table layout, compared with output of virsh 9.0.0 on test:///default. */
class VshTableTest {
    @Test
    void headerDashesAndPaddedColumns() {
        VshTable t = new VshTable("Id", "Name", "State").row("1", "test", "running");
        assertEquals("""
                 Id   Name   State
                ----------------------
                 1    test   running
                """, t.format(true));
    }

    @Test
    void quietModeDropsHeaderAndSizesColumnsFromRowsOnly() {
        VshTable t = new VshTable("Id", "Name", "State").row("1", "test", "running");
        assertEquals(" 1   test   running\n", t.format(false));
    }

    @Test
    void emptyTableStillHasHeader() {
        assertEquals(" Id   Name   State\n--------------------\n", new VshTable("Id", "Name", "State").format(true));
    }

    @Test
    void widestCellSetsTheColumn() {
        VshTable t = new VshTable("Name", "State", "Autostart", "Persistent")
                .row("default", "active", "no", "yes");
        assertEquals("""
                 Name      State    Autostart   Persistent
                --------------------------------------------
                 default   active   no          yes
                """, t.format(true));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals(" a\\x0ab\n", new VshTable("x").row("a\nb").format(false));
    }

    @Test
    void rowsMustMatchTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> new VshTable("a", "b").row("1"));
    }
}

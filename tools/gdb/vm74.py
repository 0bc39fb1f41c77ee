"""vm74.py - gdb commands for the guests of the vm74 VMM (docs/debugging.md).

    (gdb) source tools/gdb/vm74.py
    (gdb) info guests
    (gdb) guest os regs
    (gdb) guest os break schedule

The machine is one, the guests are many: these commands read the VMM's
own tables (``guests``, ``nguests`` of firmware/vmm/sched.c, laid out as
the VMM image's debug information says, and the low-core word
``vmm_lc_current``, the guest whose registers are in low core) from physical memory
through the stub's ``monitor phys``, so they work wherever the machine
stopped, in the VMM or inside any guest.  gdb must have the VMM's ELF
loaded (``gdb build/firmware/vmm.elf``); the VMM runs with R = (0, all),
so its symbols' addresses are physical.
"""

import gdb

# The real PSW's mode register (org.vm74.psw): 0 = user.
MODE_USER = 0


class PhysicalMemory:
    """Memory commands address physical RAM while inside the with-block."""

    def __enter__(self):
        mode = gdb.execute("monitor memory", to_string=True)
        self.was_logical = "logical" in mode
        gdb.execute("monitor phys", to_string=True)
        gdb.execute("maintenance flush dcache", to_string=True)
        return self

    def __exit__(self, *exc):
        if self.was_logical:
            gdb.execute("monitor logical", to_string=True)
        gdb.execute("maintenance flush dcache", to_string=True)
        return False


def read_value(addr, gdb_type):
    """The object of gdb_type at physical addr (inside PhysicalMemory)."""
    raw = gdb.selected_inferior().read_memory(addr, gdb_type.sizeof)
    return gdb.Value(bytes(raw), gdb_type)


def read_string(addr, limit=64):
    """The NUL-terminated string at physical addr."""
    raw = bytes(gdb.selected_inferior().read_memory(addr, limit))
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")


def vmm_symbol(name):
    """A variable of the VMM image, file-static ones included."""
    sym = gdb.lookup_static_symbol(name) or gdb.lookup_global_symbol(name)
    if sym is None:
        raise gdb.GdbError(
            "no symbol '%s': load the VMM's ELF (gdb build/firmware/vmm.elf)"
            % name)
    return sym


def symbol_address(name):
    return int(vmm_symbol(name).value().address)


class Guest:
    """One guest: its set-up (vmm_setups, in the image from the start) and,
    once the VMM has booted, its struct guest; read physically."""

    def __init__(self, index, setup, value, address, current):
        self.index = index
        self.value = value  # None before sched_init() filled the table
        self.is_current = value is not None and address == current
        self.name = read_string(int(setup["name"]))
        self.base = int(setup["base"])
        self.size = int(setup["size"])
        self.state = ("not started" if value is None else
                      str(value["state"]).replace("GUEST_", "").lower())

    def vpsw(self):
        if self.value is None:
            return None
        v = self.value["v"]
        return {f: int(v[f]) for f in ("m", "ie", "p", "l", "b")}

    def on_cpu(self):
        """True while the real CPU runs this guest (real user mode in its
        partition): its registers are then the CPU's, not the table's."""
        frame = gdb.selected_frame()
        mode = int(frame.read_register("m"))
        base = int(frame.read_register("l")) & 0xFFFFFFFF
        return mode == MODE_USER and self.base <= base < self.base + self.size


def read_var(name):
    return read_value(symbol_address(name), vmm_symbol(name).type)


def read_word(name):
    """The 32-bit word at the VMM symbol name (entry.S's low-core words
    are symbols without a type)."""
    addr = int(gdb.parse_and_eval("(unsigned int)&%s" % name))
    return int(read_value(addr, gdb.lookup_type("unsigned int")))


def read_guests():
    """Every guest of the VMM's set-up, in its order."""
    guest_type = vmm_symbol("guests").type.target()
    setup_type = vmm_symbol("vmm_setups").type.target()
    with PhysicalMemory():
        nsetups = int(read_var("vmm_nsetups"))
        booted = int(read_var("nguests"))
        current = read_word("vmm_lc_current")
        guests = []
        for i in range(nsetups):
            setup = read_value(symbol_address("vmm_setups") +
                               i * setup_type.sizeof, setup_type)
            address = symbol_address("guests") + i * guest_type.sizeof
            value = read_value(address, guest_type) if i < booted else None
            guests.append(Guest(i, setup, value, address, current))
        return guests


def find_guest(name):
    for g in read_guests():
        if g.name == name:
            return g
    raise gdb.GdbError("no guest named '%s' (see 'info guests')" % name)


def format_vpsw(p):
    if p is None:
        return "%-46s" % "-"
    return "%s ie=%d P=0x%08x l=0x%08x b=0x%08x" % (
        "S" if p["m"] else "U", p["ie"], p["p"], p["l"], p["b"])


class InfoGuests(gdb.Command):
    """Each guest of the VMM: name, state, virtual PSW, partition (state
"not started" until the VMM has filled its table).
'*' marks the guest whose registers are in low core (the VMM's
`vmm_lc_current`); "on the CPU" the one the machine is running right now."""

    def __init__(self):
        super().__init__("info guests", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        guests = read_guests()
        print("  # name     state       virtual PSW (M IE P l b)"
              "                     partition")
        for g in guests:
            print("%s %d %-8s %-11s %s  0x%05x+0x%05x%s" % (
                "*" if g.is_current else " ", g.index, g.name, g.state,
                format_vpsw(g.vpsw()), g.base, g.size,
                "  on the CPU" if g.on_cpu() else ""))


# x0-x31 by their ABI names, as the target description names them.
ABI_NAMES = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1",
             "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3",
             "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
             "t5", "t6"]


def guest_regs(g):
    """The guest's registers: the CPU's while it runs, else the VMM's
    saved copy; and its virtual PSW (P live while it runs)."""
    p = g.vpsw()
    if p is None:
        raise gdb.GdbError("guest %s: the VMM has not started it yet" % g.name)
    if g.on_cpu():
        frame = gdb.selected_frame()
        x = [int(frame.read_register(n)) & 0xFFFFFFFF for n in ABI_NAMES]
        p["p"] = int(frame.read_register("pc")) & 0xFFFFFFFF
        return x, p, "live, on the CPU"
    return [int(g.value["x"][i]) & 0xFFFFFFFF for i in range(32)], p, \
        "saved by the VMM"


class GuestCommand(gdb.Command):
    """guest NAME regs: the guest's registers and virtual PSW.
guest NAME break LOCATION: a breakpoint at LOCATION (e.g. in the guest's
own ELF, add-symbol-file build/firmware/guests/NAME.elf) that stops only
while the CPU runs that guest (real user mode, R inside its partition)."""

    def __init__(self):
        super().__init__("guest", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        words = gdb.string_to_argv(arg)
        if len(words) < 2 or words[1] not in ("regs", "break"):
            raise gdb.GdbError("usage: guest NAME regs | guest NAME break LOCATION")
        g = find_guest(words[0])
        if words[1] == "regs":
            self.regs(g)
        else:
            self.set_break(g, " ".join(words[2:]))

    @staticmethod
    def regs(g):
        x, p, where = guest_regs(g)
        print("guest %s (%s), partition 0x%05x+0x%05x, registers %s" % (
            g.name, g.state, g.base, g.size, where))
        for i in range(0, 32, 4):
            print("  ".join("%-4s 0x%08x" % (ABI_NAMES[i + k], x[i + k])
                            for k in range(4)))
        print("virtual PSW: " + format_vpsw(p))

    @staticmethod
    def set_break(g, location):
        if not location:
            raise gdb.GdbError("guest NAME break LOCATION: no location")
        gdb.execute("break %s if $m == %d && $l >= 0x%x && $l < 0x%x" % (
            location, MODE_USER, g.base, g.base + g.size))


InfoGuests()
GuestCommand()

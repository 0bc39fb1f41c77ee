// spec_access: docs/isa.md §2 read literally, for the formal checks
// (docs/formal.md).  Written from the document, not from vm74_reloc: on
// unbounded (here 34-bit) integers, with the logical address a, not the
// physical one, and no shortcut of the RTL's (pages, lines, carry tricks).
//
// An access of n bytes at logical a under R = (l, b), RAM of ram_size bytes:
//   misaligned  a mod min(n, 4) != 0
//   ok          a + n <= b, l + a + n <= 2^32, and either l + a + n <=
//               ram_size or a 4-byte load or store (dev_ok) of exactly one
//               device register (§6)
`default_nettype none
`include "vm74_arch.vh"

module spec_access (
    input  wire [31:0] l,
    input  wire [31:0] b,
    input  wire [31:0] a,
    input  wire [4:0]  n,         // 1, 2, 4 or 16
    input  wire        dev_ok,    // a LW or SW
    input  wire [31:0] ram_size,
    output wire        misaligned,
    output wire        ok,
    output wire [31:0] p          // the physical address, l + a
);
    wire [33:0] end_logical  = {2'b00, a} + {29'd0, n};
    wire [33:0] end_physical = {2'b00, l} + {2'b00, a} + {29'd0, n};
    assign p = l + a;

    assign misaligned = (n == 5'd2) ? a[0] :
                        (n == 5'd4 || n == 5'd16) ? (a[1:0] != 2'b00) : 1'b0;

    // §6's table: the device registers, include/vm74_arch.h's
    // VM74_DEVICE_REGISTERS (test_devices checks docs/isa.md §6 against it).
    wire is_register = `VM74_IS_DEVICE_REGISTER(p);

    wire below_bound = end_logical <= {2'b00, b};
    wire no_wrap     = end_physical <= 34'h1_0000_0000;
    wire in_ram      = end_physical <= {2'b00, ram_size};
    wire one_device  = dev_ok && n == 5'd4 && is_register;
    assign ok = below_bound && no_wrap && (in_ram || one_device);
endmodule

`default_nettype wire

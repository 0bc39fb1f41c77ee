/*
 * console.c - picolibc's stdio on the vm74 UART, and _exit.
 *
 * picolibc's tiny stdio calls a put/get function per character, so
 * stdin, stdout and stderr are one unbuffered stream on the UART: output
 * is on the wire before the program can exit or trap.
 */
#include <stdio.h>
#include <unistd.h>

#include "vm74.h"

static int console_put(char c, FILE *file)
{
    (void)file;
    vm74_putc(c);
    return (unsigned char)c;
}

/* Blocks until a byte arrives: a serial console has no end of file. */
static int console_get(FILE *file)
{
    (void)file;
    return vm74_getc();
}

static FILE console = FDEV_SETUP_STREAM(console_put, console_get, NULL,
                                        _FDEV_SETUP_RW);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;

/* exit() ends here, after atexit handlers: the exit code goes to SIMCTL. */
void _exit(int code)
{
    vm74_exit((uint32_t)code);
}

/*
 * task_image.S - the user task's raw image (objcopy -O binary of a program
 * linked at logical 0), embedded in the supervisor.  TASK_BIN is its path,
 * set by firmware.mk.
 */
    .section .rodata.task_image, "a"
    .balign 4
    .globl task_image, task_image_end
task_image:
    .incbin TASK_BIN
task_image_end:

/*
 * task_image.S - the tasks' raw image (objcopy -O binary of a program linked
 * at logical 0), embedded in the kernel.  TASK_BIN is set by vmm.mk.
 */
    .section .rodata.task_image, "a"
    .balign 4
    .globl task_image, task_image_end
task_image:
    .incbin TASK_BIN
task_image_end:

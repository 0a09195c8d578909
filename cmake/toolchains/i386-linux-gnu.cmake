# i386 (32-bit x86) Linux build with the host gcc in -m32 mode. Floats must be
# evaluated in SSE registers: x87 arithmetic (gcc -m32's default,
# FLT_EVAL_METHOD 2) rounds differently and is refused by core/CMakeLists.txt
# and include/ht_math.h, hence -msse2 -mfpmath=sse for the whole build.
# Needs the Debian packages libc6-dev-i386 and lib32gcc-12-dev (the parts of
# gcc-multilib that -m32 uses; gcc-multilib itself conflicts with Debian's
# aarch64/riscv64 cross compilers) and linux-libc-dev (the kernel headers,
# always there with libc6-dev). An x86-64 host runs the binaries
# directly; elsewhere set TOCK_QEMU_CPU or use qemu-i386 by hand.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(TOCK_CROSS_TRIPLE i386-linux-gnu)
if(NOT TOCK_I386_CC)
  set(TOCK_I386_CC gcc)
endif()
set(CMAKE_C_COMPILER ${TOCK_I386_CC})
set(CMAKE_C_FLAGS_INIT "-m32 -msse2 -mfpmath=sse")
# gcc-multilib would also provide /usr/include/asm (a link to the x86-64
# kernel headers, which serve -m32 as well: they test __i386__). Without it
# <errno.h> and friends fail in -m32 mode ("asm/errno.h: No such file"), so
# the same link is made in the build tree and searched last.
if(NOT EXISTS /usr/include/asm AND EXISTS /usr/include/x86_64-linux-gnu/asm)
  set(_tock_i386_inc ${CMAKE_BINARY_DIR}/tock-i386-include)
  if(NOT EXISTS ${_tock_i386_inc}/asm)
    file(MAKE_DIRECTORY ${_tock_i386_inc})
    file(CREATE_LINK /usr/include/x86_64-linux-gnu/asm ${_tock_i386_inc}/asm SYMBOLIC)
  endif()
  string(APPEND CMAKE_C_FLAGS_INIT " -idirafter ${_tock_i386_inc}")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/tock-cross-common.cmake)
if(NOT CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|i[3-6]86)$")
  tock_cross_emulator(qemu-i386)
endif()

/*
 * 512 MiB of dirty private anonymous memory, every word checked after each restore by a hash of
 * all of it (programs/include/dirty_memory.h). Made to be measured: CRIU's dump and restore time,
 * pages written and restored, and the images' size, per CRIU version and kernel.
 */
#define DIRTY_MIB 512UL
#include "dirty_memory.h"

int main(int argc, char **argv)
{
	return dm_main(argc, argv);
}

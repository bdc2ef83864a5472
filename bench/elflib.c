/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - elflib.c: a small shared object for bench/manyelf (code, data, relro, .bss) */
int elflib_counter = 1;          /* .data */
static char elflib_buf[64 * 1024]; /* .bss, past the file's last page */
const char *const elflib_names[] = { "a", "b" }; /* .data.rel.ro */

int elflib_touch(int i)
{
	elflib_buf[i & 0xffff] = (char)i;
	return elflib_counter += elflib_buf[(i * 7) & 0xffff] + (int)*elflib_names[i & 1];
}

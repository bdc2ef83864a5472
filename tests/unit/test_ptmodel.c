/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_ptmodel.c: levels and the kernel-config reading of the models */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/ptmodel.h"

/*
 * arch/arm64/include/asm/pgtable-hwdef.h (v6.12):
 * ARM64_HW_PGTABLE_LEVELS(va_bits) (((va_bits) - 4) / (PAGE_SHIFT - 3))
 */
static unsigned hw_levels(unsigned va_bits, unsigned page_shift)
{
	return (va_bits - 4) / (page_shift - 3);
}

static void test_levels(void **state)
{
	static const unsigned cfg[][2] = {
		{ 39, 12 }, { 48, 12 }, { 52, 12 }, { 36, 14 }, { 47, 14 },
		{ 48, 14 }, { 52, 14 }, { 42, 16 }, { 48, 16 }, { 52, 16 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++)
		assert_int_equal(pt_levels(PT_ARM64, cfg[i][1], cfg[i][0]),
				 hw_levels(cfg[i][0], cfg[i][1]));
	/* x86: 4-level, or 5-level (LA57) */
	assert_int_equal(pt_levels(PT_X86_64, 12, 48), 4);
	assert_int_equal(pt_levels(PT_X86_64, 12, 57), 5);
}

static void test_kconfig(void **state)
{
	struct pt_config c = { .arch = PT_ARM64, .page_shift = 12,
			       .va_bits = 48 };
	const char *rk = "# Linux/arm64 6.1.75 Kernel Configuration\n"
			 "CONFIG_ARM64_PAGE_SHIFT=12\n"
			 "CONFIG_ARM64_VA_BITS_39=y\n"
			 "CONFIG_ARM64_VA_BITS=39\n"
			 "CONFIG_ARM64_PA_BITS=48\n";
	const char *k64 = "CONFIG_ARM64_64K_PAGES=y\n"
			  "CONFIG_ARM64_PAGE_SHIFT=16\n"
			  "CONFIG_ARM64_VA_BITS=52\n"
			  "CONFIG_ARM64_PA_BITS=52\n";
	(void)state;

	/* a vendor RK3588 kernel: 39-bit, 3 levels (reference arm64.md 5.2) */
	assert_true(pt_config_kconfig(&c, rk, false));
	assert_int_equal(c.va_bits, 39);
	assert_int_equal(c.levels, 3);
	assert_false(c.pa52);
	assert_true(pt_config_kconfig(&c, k64, false));
	assert_int_equal(c.page_shift, 16);
	assert_int_equal(c.levels, 3);
	assert_true(c.pa52);
	/* a config that says nothing of it changes nothing */
	assert_false(pt_config_kconfig(&c, "CONFIG_X86_5LEVEL=y\n", false));
	assert_int_equal(c.va_bits, 52);

	c = (struct pt_config){ .arch = PT_X86_64, .page_shift = 12,
				.va_bits = 48 };
	assert_true(pt_config_kconfig(&c, "CONFIG_X86_5LEVEL=y\n", true));
	assert_int_equal(c.va_bits, 57);
	assert_int_equal(c.levels, 5);
	/* 6.16+: no X86_5LEVEL, PGTABLE_LEVELS=5; without la57: 4 levels */
	assert_true(pt_config_kconfig(&c, "CONFIG_PGTABLE_LEVELS=5\n", false));
	assert_int_equal(c.va_bits, 48);
	assert_int_equal(c.levels, 4);
	/* a name that only begins like the one asked for is not it */
	assert_false(pt_config_kconfig(&c, "CONFIG_X86_5LEVELX=y\n", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_kconfig),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

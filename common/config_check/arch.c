/* Config checker: the table of arch rule sets, looked up by a config's arch tag at run time. */
#include "check.h"

static const struct hvisor_arch_rules *const all_rules[] = {
	&hvisor_arm64_rules,
	&hvisor_riscv64_rules,
};

const struct hvisor_arch_rules *hvisor_arch_rules(uint32_t arch)
{
	size_t i;

	for (i = 0; i < sizeof(all_rules) / sizeof(all_rules[0]); i++)
		if (all_rules[i]->arch == arch)
			return all_rules[i];
	return NULL;
}

bool ck_irq_in(const struct hvisor_arch_rules *rules, uint64_t irq)
{
	return irq >= rules->irq_first && irq <= rules->irq_last;
}

bool hvisor_irq_assignable(uint32_t arch, uint64_t irq)
{
	const struct hvisor_arch_rules *rules = hvisor_arch_rules(arch);

	return rules && ck_irq_in(rules, irq);
}

bool ck_console_allowed(uint32_t allowed, uint32_t type)
{
	return type < 32 && (allowed & (1u << type));
}

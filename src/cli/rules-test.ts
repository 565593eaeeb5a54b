export async function runRulesTest(_p: string, _e: string[], _o: object): Promise<number> { return 2; }

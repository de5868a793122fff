// Stands in for inquirer inside the CLI bundle: the CLI passes every answer to node-plop directly, so
// plop's prompt machinery is never used there (`npm run new:project` runs plop with the real inquirer).
const prompt = Object.assign(
  () => {
    throw new Error('plop prompts are not available in the CLI bundle');
  },
  { prompts: {} },
);

export default {
  prompt,
  registerPrompt: () => {},
  createPromptModule: () => prompt,
};

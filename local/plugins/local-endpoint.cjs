'use strict';

// Deploying into a local AWS endpoint (moto_server, LocalStack) named by AWS_ENDPOINT_URL.
// moto runs cfn-lint inside ValidateTemplate and turns its warnings into a bogus
// "Stack ... does not exist" error, so the validation step is skipped there. AWS deploys are untouched.
class LocalEndpointPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      initialize: () => this.skipTemplateValidationOnLocalEndpoint(),
    };
  }

  skipTemplateValidationOnLocalEndpoint() {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    if (!endpoint) return;
    const deployPlugin = this.serverless.pluginManager.plugins.find(
      (plugin) => plugin.constructor.name === 'AwsDeploy',
    );
    if (!deployPlugin) return;
    deployPlugin.validateTemplate = async () => {
      this.serverless.cli.log(`Skipping ValidateTemplate on local endpoint ${endpoint}`);
    };
  }
}

module.exports = LocalEndpointPlugin;

// partner-fit in one resource group: the bot's user-assigned managed identity, a Linux App Service on
// Node 22 LTS, a storage account for Table Storage (reached with the identity, no key), Application
// Insights on a Log Analytics workspace, and the Azure Bot with its Teams channel (botRegistration/).
// Shaped like the Microsoft 365 Agents Toolkit bot templates; names come from resourceBaseName.
// Deploy with the toolkit (m365agents.yml) or `az deployment group create` (docs/deploy.md).

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@description('App Service plan SKU. B1 is the smallest that keeps Always On; P0v3 and up for production.')
param webAppSKU string = 'B1'

@maxLength(42)
@description('Name of the Azure Bot as Teams shows it in the bot registration')
param botDisplayName string = 'Partner Fit'

@description('Entra object ids of the first admins, comma separated (admins are never first-come).')
param adminAadObjectIds string = ''

@description('Tenants whose users may talk to the bot, comma separated. Default: the tenant of this deployment.')
param allowedTenantIds string = tenant().tenantId

@description('IANA time zone for due dates, business days and the weekly digest, e.g. Europe/Berlin')
param timeZone string = 'UTC'

@description('Public https address of the bot if a custom domain fronts it. Default: the web app\'s own https://<name>.azurewebsites.net')
param publicBaseUrl string = ''

@secure()
@minLength(32)
@description('Signs the expiring links to the stakeholder email (.eml). At least 32 random characters.')
param emailLinkSecret string

@secure()
@minLength(32)
@description('Bearer secret for POST /jobs/<name> (an external scheduler may call the jobs). At least 32 random characters.')
param jobsSecret string

@description('The Teams app id (the manifest id) when it is not the one npm run package derives from the bot id (the Agents Toolkit creates one). Empty: derived.')
param teamsAppId string = ''

@description('Prefix of the Table Storage table names (letters and digits)')
param tablePrefix string = 'pf'

@description('Allow account keys (and so STORAGE_CONNECTION_STRING). Off: the app uses its managed identity. Turn on only for a dev account you reach with a connection string.')
param allowStorageSharedKeyAccess bool = false

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param identityName string = resourceBaseName
param logAnalyticsName string = resourceBaseName
param appInsightsName string = resourceBaseName
@maxLength(24)
@description('Globally unique, 3-24 lower-case letters and digits')
param storageAccountName string = toLower(take('${replace(replace(resourceBaseName, '-', ''), '_', '')}${uniqueString(resourceGroup().id)}', 24))
param location string = resourceGroup().location

// Built-in role "Storage Table Data Contributor": read, write and delete tables and entities.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// The bot's identity: Azure Bot authenticates the app as this identity (msaAppType UserAssignedMSI),
// and the app uses the same identity for Table Storage.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app signs in with the managed identity; no account key is needed.
    allowSharedKeyAccess: allowStorageSharedKeyAccess
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// Compute resources for your Web App
resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true // Linux
  }
}

// Web App that hosts your bot
resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      alwaysOn: true
      // The bundle npm run build makes on deploy (one file: a fast cold start), no TypeScript compiler at start, and
      // SIGTERM reaches node itself. The same command as npm run serve.
      appCommandLine: 'node --disable-warning=DEP0005 dist/partner-fit.js'
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
    }
  }
}

var publicUrl = empty(publicBaseUrl) ? 'https://${webApp.properties.defaultHostName}' : publicBaseUrl
// Host name only: Azure Bot's endpoint and the manifest's validDomains.
var botDomain = empty(publicBaseUrl) ? webApp.properties.defaultHostName : split(replace(publicBaseUrl, 'https://', ''), '/')[0]
var tableEndpoint = 'https://${storage.name}.table.${environment().suffixes.storage}'

// Every setting the app reads in Azure (src/config.ts). The rest keep their defaults: see infra/settings.json.
resource webAppSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppTenantId: identity.properties.tenantId
    STORAGE_ACCOUNT_URL: tableEndpoint
    AZURE_CLIENT_ID: identity.properties.clientId
    TABLE_PREFIX: tablePrefix
    PUBLIC_BASE_URL: publicUrl
    EMAIL_LINK_SECRET: emailLinkSecret
    JOBS_SECRET: jobsSecret
    ADMIN_AAD_OBJECT_IDS: adminAadObjectIds
    ALLOWED_TENANT_IDS: allowedTenantIds
    TIME_ZONE: timeZone
    TEAMS_APP_ID: teamsAppId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    WEBSITE_NODE_DEFAULT_VERSION: '~22'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  }
  dependsOn: [
    tableDataContributor
  ]
}

// Register your web service as a bot with the Bot Framework
module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: botDomain
    botDisplayName: botDisplayName
  }
}

// The outputs are persisted in infra/env/.env.{envName} by the Agents Toolkit (https://aka.ms/teamsfx-actions/arm-deploy)
// and fill the Teams manifest's placeholders (manifest/manifest.json).
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = botDomain
output PUBLIC_BASE_URL string = publicUrl
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_WEB_APP_NAME string = webApp.name
output BOT_SERVICE_NAME string = azureBotRegistration.outputs.botServiceName
output STORAGE_ACCOUNT_NAME string = storage.name
output STORAGE_ACCOUNT_URL string = tableEndpoint
// Microsoft Graph (optional, docs/deploy.md "Microsoft Graph"): the application permissions are granted to this
// service principal, the bot's managed identity; Bicep cannot consent to Graph permissions itself.
output BOT_PRINCIPAL_ID string = identity.properties.principalId
